/// One image in detail (`GET /images/{name}/json`).
public struct ImageInspect: Decodable, Sendable, Hashable {
  /// The part of the image's config skep reads.
  public struct Config: Decodable, Sendable, Hashable {
    public var labels: [String: String]?
    enum CodingKeys: String, CodingKey { case labels = "Labels" }
  }

  /// `sha256:…`.
  public var id: String
  public var repoTags: [String]?
  /// `REPOSITORY@sha256:…` for every registry the image was pushed to or pulled from.
  public var repoDigests: [String]?
  /// RFC 3339.
  public var created: String?
  public var size: Int64?
  public var config: Config?
  /// `amd64`, `arm64`, …
  public var architecture: String?
  public var os: String?

  /// `Config.Labels`, or empty.
  public var labels: [String: String] { config?.labels ?? [:] }

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case repoTags = "RepoTags"
    case repoDigests = "RepoDigests"
    case created = "Created"
    case size = "Size"
    case config = "Config"
    case architecture = "Architecture"
    case os = "Os"
  }
}
