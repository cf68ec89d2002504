/// An image reference split the way Docker reads it: `[DOMAIN/]PATH[:TAG][@DIGEST]`.
///
/// The first path component is a registry domain only when there is another component after it and it contains a
/// `.` or a `:` or is `localhost` (or has upper-case letters): `registry.lan:5000/base` has a domain, `library/debian`
/// and `debian:12` do not. A `:` after the last `/` starts a tag, so `host:5000/x` is a port, `x:5000` a tag. Without a
/// domain the reference is on Docker Hub (`docker.io`), and a one-component Hub path gets `library/`.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
  /// The registry, lower case: `docker.io` when the reference names none (`index.docker.io` is read as `docker.io`).
  public var domain: String
  /// The repository path on that registry, for example `library/debian` or `base`.
  public var path: String
  /// The tag, when one is written.
  public var tag: String?
  /// The digest (`sha256:…`), when one is written.
  public var digest: String?
  /// Whether the text named a registry.
  public var hasExplicitDomain: Bool
  /// The path as written, before `library/` was added.
  public var writtenPath: String

  /// The default registry of unqualified references.
  public static let dockerHub = "docker.io"

  /// Parses `text`; the error message says which part is invalid.
  public static func parse(_ text: String) throws(ImageReferenceError) -> ImageReference {
    try ImageReferenceParser.parse(text)
  }

  /// The fully qualified form, with `:latest` when neither tag nor digest is written:
  /// `docker.io/library/debian:latest`, `registry.lan:5000/base@sha256:…`.
  public var normalized: String {
    var text = "\(domain)/\(path)"
    if let tag { text += ":\(tag)" }
    if let digest { text += "@\(digest)" }
    if tag == nil, digest == nil { text += ":latest" }
    return text
  }

  /// The repository without tag or digest: `docker.io/library/debian`.
  public var repository: String { "\(domain)/\(path)" }

  /// Whether the reference names the moving `latest` tag (written or implied) and no digest.
  public var isLatest: Bool { digest == nil && (tag == nil || tag == "latest") }

  public var description: String { normalized }
}

/// Why a text is not an image reference.
public struct ImageReferenceError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The text that was read.
  public var reference: String
  /// What is wrong with it.
  public var reason: String

  public var description: String { "invalid image reference '\(reference)': \(reason)" }
}
