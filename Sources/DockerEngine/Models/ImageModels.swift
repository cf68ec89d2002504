/// One row of `GET /images/json`.
public struct ImageSummary: Codable, Sendable, Hashable {
  public var id: String
  public var repoTags: [String]?
  public var repoDigests: [String]?
  /// Unix seconds.
  public var created: Int64?
  public var size: Int64?
  public var labels: [String: String]?

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case repoTags = "RepoTags"
    case repoDigests = "RepoDigests"
    case created = "Created"
    case size = "Size"
    case labels = "Labels"
  }
}

/// Bytes to upload: in memory, or streamed from a file (image tarballs can be large).
public enum UploadSource: Sendable, Hashable {
  case bytes([UInt8])
  case file(path: String)
}

/// One line of a JSON progress stream (pull, push, import, load, build).
public struct ProgressMessage: Codable, Sendable, Hashable {
  /// `{"current":…,"total":…}` for a layer in flight.
  public struct Detail: Codable, Sendable, Hashable {
    public var current: Int64?
    public var total: Int64?
  }
  /// The failure the daemon reports inside the stream.
  public struct ErrorDetail: Codable, Sendable, Hashable {
    public var code: Int?
    public var message: String?
  }
  /// Extra result data, e.g. a push's `{"Tag":…,"Digest":…,"Size":…}`.
  public struct Aux: Codable, Sendable, Hashable {
    public var tag: String?
    public var digest: String?
    public var size: Int64?
    /// Build results carry the image ID here.
    public var id: String?
    enum CodingKeys: String, CodingKey {
      case tag = "Tag"
      case digest = "Digest"
      case size = "Size"
      case id = "ID"
    }
  }

  public var id: String?
  public var status: String?
  public var progress: String?
  public var progressDetail: Detail?
  /// Build and load output text.
  public var stream: String?
  public var error: String?
  public var errorDetail: ErrorDetail?
  public var aux: Aux?

  /// The error the line reports, if any (`errorDetail.message`, else `error`).
  public var failure: String? {
    if let message = errorDetail?.message, !message.isEmpty { return message }
    if let error, !error.isEmpty { return error }
    return nil
  }
}
