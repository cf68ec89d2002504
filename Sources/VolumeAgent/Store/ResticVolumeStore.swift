import Backup
import Foundation
import VolumeDriver

/// ``VolumeSnapshotStore`` on restic: the same repository, tags and fixed host as `skep backup`, plus `epoch=N`.
///
/// A volume's files snapshot is `volume=V`, `kind=files`, `node=N`, `epoch=E`, host `skep`: `skep backup ls`, `skep
/// restore` and plain `restic restore --tag volume=V latest` all read it. Snapshots `skep backup run` took of the
/// volume carry no epoch (0) and so lose to any the driver took under a lease.
public struct ResticVolumeStore: VolumeSnapshotStore {
  public var restic: Restic

  /// Creates a store on `restic`'s repository.
  public init(restic: Restic) { self.restic = restic }

  public func newest(volume: String) async -> StoreAnswer {
    do {
      let snapshots = try await restic.snapshots(tags: SnapshotTags(volume: volume, kind: .files), lock: false)
      let refs = snapshots.map { SnapshotRef(id: $0.id, epoch: SnapshotRef.epoch(inTags: $0.tags), time: $0.time) }
      guard let newest = SnapshotRef.newest(refs) else { return .noSnapshots }
      return .newest(newest)
    } catch {
      return .unreachable(reason: error.description)
    }
  }

  public func restoreSize(_ snapshot: SnapshotRef) async throws -> Int64 {
    try await restic.restoreSize(snapshot: snapshot.id)
  }

  public func restore(_ snapshot: SnapshotRef, into directory: String) async throws {
    try await restic.restore(snapshot: snapshot.id, target: directory)
  }

  public func takeSnapshot(volume: String, directory: String, node: String, epoch: UInt64) async throws
    -> TakenSnapshot
  {
    let tags = SnapshotTags(volume: volume, kind: .files, node: node, other: [SnapshotRef.epochTag(epoch)])
    let summary = try await restic.backup(path: directory, tags: tags)
    // restic 0.14 reports the short ID; read the snapshot back for its full ID and time.
    let taken = try await restic.snapshots(tags: SnapshotTags(volume: volume, kind: .files))
    guard let snapshot = taken.last(where: { $0.shortID == summary.snapshotID || $0.id.hasPrefix(summary.snapshotID) })
    else {
      throw VolumeDriverError(.failed, "restic made snapshot \(summary.snapshotID) of \(volume) but does not list it")
    }
    let figures = PublishedSnapshot(
      id: snapshot.id, epoch: epoch, filesNew: summary.filesNew, filesChanged: summary.filesChanged,
      filesUnmodified: summary.filesUnmodified, dataAdded: summary.dataAdded,
      totalFilesProcessed: summary.totalFilesProcessed, totalBytesProcessed: summary.totalBytesProcessed,
      totalDuration: summary.totalDuration)
    return TakenSnapshot(ref: SnapshotRef(id: snapshot.id, epoch: epoch, time: snapshot.time), figures: figures)
  }

  public func forget(_ snapshot: SnapshotRef) async throws {
    try await restic.forget(snapshotIDs: [snapshot.id])
  }
}
