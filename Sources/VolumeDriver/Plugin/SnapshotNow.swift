import Foundation

/// skep's own endpoint beside Docker's: `POST /Skep.SnapshotNow {"Name": V}` asks the node's agent to snapshot a
/// volume it holds the lease of, now (what `skep backup run` does for driver volumes, after freezing its containers).
/// Docker never calls it.
public struct SnapshotNowResponse: Sendable, Hashable, Codable {
  /// The snapshot published, or nil on failure.
  public var snapshot: PublishedSnapshot?
  /// The error, or `""` on success.
  public var err: String

  /// Creates an answer.
  public init(snapshot: PublishedSnapshot?, err: String = "") {
    self.snapshot = snapshot
    self.err = err
  }

  enum CodingKeys: String, CodingKey {
    case snapshot = "Snapshot"
    case err = "Err"
  }
}

/// A snapshot the agent published under its lease, with restic's figures.
public struct PublishedSnapshot: Sendable, Hashable, Codable {
  public var id: String
  public var epoch: UInt64
  public var filesNew: Int
  public var filesChanged: Int
  public var filesUnmodified: Int
  public var dataAdded: Int64
  public var totalFilesProcessed: Int
  public var totalBytesProcessed: Int64
  public var totalDuration: Double

  /// Creates one.
  public init(
    id: String, epoch: UInt64, filesNew: Int, filesChanged: Int, filesUnmodified: Int, dataAdded: Int64,
    totalFilesProcessed: Int, totalBytesProcessed: Int64, totalDuration: Double
  ) {
    self.id = id
    self.epoch = epoch
    self.filesNew = filesNew
    self.filesChanged = filesChanged
    self.filesUnmodified = filesUnmodified
    self.dataAdded = dataAdded
    self.totalFilesProcessed = totalFilesProcessed
    self.totalBytesProcessed = totalBytesProcessed
    self.totalDuration = totalDuration
  }
}

extension VolumeDriverHandler {
  /// Snapshots `request.name` now under this node's lease; refused when this node does not hold it.
  public func snapshotNow(_ request: VolumeNameRequest) async throws -> PublishedSnapshot {
    throw VolumeDriverError(.notFound, "this driver does not take snapshots on request")
  }
}
