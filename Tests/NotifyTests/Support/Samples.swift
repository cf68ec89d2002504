import Foundation
import Notify

/// Notifications the tests render and send.
enum Samples {
  /// 2026-05-09 03:03:07 UTC, a Saturday.
  static let time = Date(timeIntervalSince1970: 1_778_295_787)

  static let failed = Notification(
    kind: .jobFailed, job: "backup-nightly", runID: "r-0509-0300", time: time,
    summary: "2 of 5 volumes were not backed up.",
    items: [
      .init(node: "node2", volume: "db", message: "restic: repository is already locked\nby PID 42 on node1"),
      .init(node: "node3", volume: "media", message: "no space left on device"),
    ])

  static let succeeded = Notification(
    kind: .jobSucceeded, job: "backup-nightly", runID: "r-0510-0300", time: time,
    summary: "5 volumes backed up.")

  static let stale = Notification(
    kind: .snapshotStale, job: "snapshot-age", runID: "r-0509-1200", time: time,
    summary: "The newest snapshot of 1 volume is older than 36h.",
    items: [.init(volume: "photos", message: "newest snapshot 2026-05-06T02:00:00Z (3 days old)")])
}
