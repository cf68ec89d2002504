import Foundation

/// Reads `restic snapshots --json` output from a job's stdout lines (restic prints one JSON array).
public enum SnapshotListing {
  /// The snapshots, sorted by volume then time; throws when no line holds restic's array.
  public static func parse(_ lines: [String]) throws -> [Snapshot] {
    guard let line = lines.first(where: { $0.hasPrefix("[") }) else {
      throw JobError("restic printed no snapshot list")
    }
    let snapshots = try ResticJSON.decoder().decode([Snapshot].self, from: Data(line.utf8))
    return snapshots.sorted { ($0.skepTags.volume, $0.time) < ($1.skepTags.volume, $1.time) }
  }
}
