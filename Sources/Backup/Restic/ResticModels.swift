import Foundation

/// The final `summary` message of `restic backup --json` (restic 0.14).
public struct SnapshotSummary: Sendable, Hashable, Codable {
  public var filesNew: Int
  public var filesChanged: Int
  public var filesUnmodified: Int
  /// Bytes added to the repository (after deduplication and compression).
  public var dataAdded: Int64
  public var totalFilesProcessed: Int
  public var totalBytesProcessed: Int64
  /// Seconds.
  public var totalDuration: Double
  /// restic 0.14 reports the short (8 hex digits) id here.
  public var snapshotID: String

  enum CodingKeys: String, CodingKey {
    case filesNew = "files_new"
    case filesChanged = "files_changed"
    case filesUnmodified = "files_unmodified"
    case dataAdded = "data_added"
    case totalFilesProcessed = "total_files_processed"
    case totalBytesProcessed = "total_bytes_processed"
    case totalDuration = "total_duration"
    case snapshotID = "snapshot_id"
  }

  /// Creates a summary.
  public init(
    filesNew: Int, filesChanged: Int, filesUnmodified: Int, dataAdded: Int64, totalFilesProcessed: Int,
    totalBytesProcessed: Int64, totalDuration: Double, snapshotID: String
  ) {
    self.filesNew = filesNew
    self.filesChanged = filesChanged
    self.filesUnmodified = filesUnmodified
    self.dataAdded = dataAdded
    self.totalFilesProcessed = totalFilesProcessed
    self.totalBytesProcessed = totalBytesProcessed
    self.totalDuration = totalDuration
    self.snapshotID = snapshotID
  }
}

/// One entry of `restic snapshots --json`.
public struct Snapshot: Sendable, Hashable, Codable {
  /// The full id (64 hex digits).
  public var id: String
  public var shortID: String
  public var time: Date
  public var paths: [String]
  public var hostname: String
  public var tags: [String]
  /// The snapshot's tags read as skep tags (volume, node, …).
  public var skepTags: SnapshotTags { SnapshotTags(parsing: tags) }

  enum CodingKeys: String, CodingKey {
    case id
    case shortID = "short_id"
    case time, paths, hostname, tags
  }

  /// Creates a snapshot value.
  public init(id: String, shortID: String, time: Date, paths: [String], hostname: String, tags: [String]) {
    self.id = id
    self.shortID = shortID
    self.time = time
    self.paths = paths
    self.hostname = hostname
    self.tags = tags
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    shortID = try container.decodeIfPresent(String.self, forKey: .shortID) ?? String(id.prefix(8))
    time = try container.decode(Date.self, forKey: .time)
    paths = try container.decodeIfPresent([String].self, forKey: .paths) ?? []
    hostname = try container.decodeIfPresent(String.self, forKey: .hostname) ?? ""
    tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
  }
}

/// What `forget` did for one group of snapshots (one volume and kind).
public struct ForgetResult: Sendable, Hashable {
  /// The group's tags, e.g. `volume=db, kind=files`.
  public var group: SnapshotTags
  public var kept: [Snapshot]
  public var removed: [Snapshot]

  /// Creates a result.
  public init(group: SnapshotTags, kept: [Snapshot], removed: [Snapshot]) {
    self.group = group
    self.kept = kept
    self.removed = removed
  }
}

/// Where `restic init` left the repository.
public enum InitOutcome: Sendable, Hashable {
  /// skep created it now.
  case created
  /// It was there already (skep did not touch it).
  case existing
}

/// Decoding of restic's JSON (RFC 3339 times with nanoseconds).
enum ResticJSON {
  static func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let text = try decoder.singleValueContainer().decode(String.self)
      guard let date = parseDate(text) else {
        throw DecodingError.dataCorrupted(
          DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not an RFC 3339 time: \(text)"))
      }
      return date
    }
    return decoder
  }

  /// `2026-11-25T00:43:18.276077927Z` or with an offset; fractions of any length.
  static func parseDate(_ text: String) -> Date? {
    let plain = ISO8601DateFormatter()
    plain.formatOptions = [.withInternetDateTime]
    guard let dot = text.firstIndex(of: ".") else { return plain.date(from: text) }
    let fractionEnd = text[dot...].dropFirst().firstIndex { !$0.isNumber } ?? text.endIndex
    let fraction = Double("0" + text[dot..<fractionEnd]) ?? 0
    let whole = String(text[..<dot]) + String(text[fractionEnd...])
    return plain.date(from: whole).map { $0.addingTimeInterval(fraction) }
  }
}
