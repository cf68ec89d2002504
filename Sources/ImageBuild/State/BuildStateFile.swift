import Foundation

/// What skep remembers between builds of a folder, in `DIR/.skep-build.json`: per image the last durations (for the
/// planner's estimates) and the last build's key, tag and digest (to skip unchanged images).
///
/// The file sits in the build directory (not in any image's context, so it never changes a build key); add it to
/// `.gitignore` if the folder is a repository. Unknown keys are ignored when reading; a newer `version` is an error.
public struct BuildStateFile: Codable, Sendable, Equatable {
  /// The file name in the build directory.
  public static let fileName = ".skep-build.json"
  /// How many durations are kept per image.
  public static let historyLength = 5
  /// The format version this code writes.
  public static let currentVersion = 1

  /// The format version.
  public var version: Int
  /// Per image name.
  public var images: [String: ImageRecord]

  /// One image's memory.
  public struct ImageRecord: Codable, Sendable, Equatable {
    /// Seconds of the last successful builds, oldest first.
    public var durations: [Double] = []
    /// The build key of the last successful build.
    public var lastKey: String?
    /// The date tag it was pushed with.
    public var lastTag: String?
    /// The digest the registry gave it.
    public var lastDigest: String?
    /// When it finished.
    public var lastBuilt: Date?

    /// Creates an empty record.
    public init() {}
  }

  /// An empty state.
  public init() {
    version = Self.currentVersion
    images = [:]
  }

  /// Durations per image, for `DurationEstimator`.
  public var history: [String: [Double]] { images.mapValues(\.durations) }

  /// Records a successful build.
  public mutating func record(
    image: String, duration: Double, key: String, tag: String?, digest: String?, at date: Date
  ) {
    var record = images[image] ?? ImageRecord()
    record.durations = Array((record.durations + [duration]).suffix(Self.historyLength))
    record.lastKey = key
    record.lastTag = tag
    record.lastDigest = digest
    record.lastBuilt = date
    images[image] = record
  }

  /// Both states together (two runs that wrote concurrently): per image, the record built last wins; a record with
  /// no build date loses to one with a date.
  public func merging(_ other: BuildStateFile) -> BuildStateFile {
    var result = self
    for (image, theirs) in other.images {
      guard let ours = images[image] else {
        result.images[image] = theirs
        continue
      }
      if (theirs.lastBuilt ?? .distantPast) > (ours.lastBuilt ?? .distantPast) { result.images[image] = theirs }
    }
    return result
  }

  /// Reads the JSON text.
  public static func decode(_ data: Data) throws -> BuildStateFile {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    let state = try decoder.decode(BuildStateFile.self, from: data)
    guard state.version <= currentVersion else {
      throw DockerfileError(
        "\(fileName) has version \(state.version); this skep reads version \(currentVersion) (upgrade skep)", at: nil)
    }
    return state
  }

  /// The JSON text: sorted keys, indented, ISO 8601 dates (stable for diffs).
  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return try encoder.encode(self)
  }
}
