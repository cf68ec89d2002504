import Foundation
import VolumeDriver

/// The backup store as the volume driver uses it: the newest snapshot of a volume, restores, and snapshots tagged
/// with the lease epoch. ``ResticVolumeStore`` is the real one.
public protocol VolumeSnapshotStore: Sendable {
  /// The newest files snapshot of `volume` (highest epoch, then time); `.unreachable` on any failure, never
  /// `.noSnapshots` unless the store answered.
  func newest(volume: String) async -> StoreAnswer
  /// The bytes a restore of `snapshot` writes.
  func restoreSize(_ snapshot: SnapshotRef) async throws -> Int64
  /// Restores `snapshot` so that its files are directly in `directory` (which exists and is empty).
  func restore(_ snapshot: SnapshotRef, into directory: String) async throws
  /// Snapshots the content of `directory` as `volume`, taken by `node` under the lease of `epoch`, with restic's
  /// figures.
  func takeSnapshot(volume: String, directory: String, node: String, epoch: UInt64) async throws -> TakenSnapshot
  /// Removes a snapshot that lost the race to a newer epoch.
  func forget(_ snapshot: SnapshotRef) async throws
}

/// A snapshot just taken: its reference and restic's figures.
public struct TakenSnapshot: Sendable, Hashable {
  public var ref: SnapshotRef
  public var figures: PublishedSnapshot

  public init(ref: SnapshotRef, figures: PublishedSnapshot) {
    self.ref = ref
    self.figures = figures
  }
}

extension VolumeSnapshotStore {
  /// ``takeSnapshot(volume:directory:node:epoch:)`` without the figures.
  public func snapshot(volume: String, directory: String, node: String, epoch: UInt64) async throws -> SnapshotRef {
    try await takeSnapshot(volume: volume, directory: directory, node: node, epoch: epoch).ref
  }
}
