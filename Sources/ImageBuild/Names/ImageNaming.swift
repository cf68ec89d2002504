/// Where a referenced image comes from: built from this folder, or somewhere else.
public enum ImageOrigin: Sendable, Hashable {
  /// An image built from the folder, by its name.
  case local(String)
  /// Any other image: not built here; the executor resolves it to a digest.
  case external(ImageReference)
}

/// Decides whether a reference names one of the folder's images.
///
/// A reference names the in-folder image `NAME` when it carries no digest, its tag is absent or `latest`, and either
/// it is written with the configured registry (`REGISTRY/NAME`, `REGISTRY/NAME:latest`) or it is written without any
/// registry (`NAME`, `NAME:latest`). Two exceptions keep Docker's meaning: a reference without registry to the image's
/// own name (`FROM nginx` in `nginx/`) is the Docker Hub image, since an image cannot be built from itself; and any
/// other tag (`REGISTRY/base:20240105`) or a digest pins an earlier build, so it is an external parent.
public struct ImageNaming: Sendable, Equatable {
  /// The configured registry as `host[:port]`, lower case (`registry.lan:5000`).
  public var registry: String
  /// The names of the folder's images.
  public var localImages: Set<String>

  /// Creates the rule for a registry and the folder's image names.
  public init(registry: String, localImages: Set<String>) {
    self.registry = registry.lowercased()
    self.localImages = localImages
  }

  /// The origin of `reference`, as used in the Dockerfile of the image `referrer`.
  public func origin(of reference: ImageReference, referrer: String? = nil) -> ImageOrigin {
    guard reference.isLatest else { return .external(reference) }
    if reference.hasExplicitDomain {
      if reference.domain == registry, localImages.contains(reference.path) { return .local(reference.path) }
      return .external(reference)
    }
    let name = reference.writtenPath
    if localImages.contains(name), name != referrer { return .local(name) }
    return .external(reference)
  }

  /// The origin of a reference given as text.
  public func origin(of text: String, referrer: String? = nil) throws(ImageReferenceError) -> ImageOrigin {
    origin(of: try ImageReference.parse(text), referrer: referrer)
  }

  /// Whether two references name the same image under this rule (same in-folder image, or the same normalized
  /// external reference).
  public func sameImage(_ lhs: String, _ rhs: String) -> Bool {
    guard let left = try? origin(of: lhs), let right = try? origin(of: rhs) else { return false }
    switch (left, right) {
    case (.local(let a), .local(let b)): return a == b
    case (.external(let a), .external(let b)): return a.normalized == b.normalized
    default: return false
    }
  }
}
