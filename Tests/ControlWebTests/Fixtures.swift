import ControlWeb
import Foundation
import RunHistory

/// A fixed cluster: three nodes (one down), four volumes (fresh, old, never backed up, hostile name), two jobs.
enum Fixture {
  static let now = Date(timeIntervalSince1970: 1_765_000_000)  // 2025-12-06 05:46:40 UTC
  static let hostile = "<script>alert(1)</script>"
  static let hostileVolume = "x\"><img src=x onerror=alert(1)>"

  static func at(_ offset: TimeInterval) -> Date { now.addingTimeInterval(offset) }

  static let backupRun = JobRun(
    id: 7, job: "backup", trigger: .scheduled, due: at(-3600), started: at(-3600), ended: at(-3600 + 95),
    status: .succeeded, message: nil, bytesAdded: 1_572_864,
    items: [
      JobRunItem(
        runID: 7, node: "node1", volume: "db", kind: "dump", status: .ok, bytesAdded: 1_048_576, duration: 2.5,
        reference: "4f3c2a1b9e8d"),
      JobRunItem(
        runID: 7, node: "node2", volume: "photos", kind: "files", status: .failed, message: "repository locked",
        duration: 3),
    ])
  static let failedRun = JobRun(
    id: 6, job: "backup", trigger: .caughtUp, due: at(-90_000), started: at(-90_000), ended: at(-89_000),
    status: .failed, message: "1 of 2 volumes failed: \(hostile)")
  static let runningClean = JobRun(
    id: 8, job: "clean", trigger: .manual, due: nil, started: at(-60), status: .running)

  static func snapshot(quorumTolerance: Int = 1) -> DashboardSnapshot {
    DashboardSnapshot(
      generated: now, clusterName: "home-lab", managers: 3, reachableManagers: 2 + min(quorumTolerance, 1),
      quorumTolerance: quorumTolerance,
      nodes: [
        NodeRow(
          name: "node1", role: "manager", state: "ready", availability: "active", reachability: "reachable",
          isLeader: true, engine: "28.5.1", address: "192.168.1.11", diskFree: 12_884_901_888,
          diskTotal: 31_138_512_896),
        NodeRow(
          name: "node2", role: "manager", state: "ready", availability: "active", reachability: "reachable",
          engine: "28.5.1"),
        NodeRow(name: hostile, role: "worker", state: "down", availability: "drain", engine: "27.0.3"),
      ],
      services: [
        ServiceRow(name: "web", image: "registry.local/web:1.2", mode: "replicated", running: 1, desired: 2),
        ServiceRow(name: "agent", image: "skep/agent:1", mode: "global", running: 3),
      ],
      volumes: [
        VolumeRow(
          name: "db", driver: "skep", node: "node1", newestSnapshot: at(-(3 * 3600 + 12 * 60)),
          snapshotID: "4f3c2a1b9e8d7c6b", bytes: 2_147_483_648),
        VolumeRow(name: "photos", driver: "skep", node: "node2", newestSnapshot: at(-2 * 86_400), snapshotID: "aa11"),
        VolumeRow(name: "cache", driver: "local"),
        VolumeRow(name: hostileVolume, driver: "skep", newestSnapshot: at(-60)),
      ],
      volumesNote: "snapshot list failed: <timeout>",
      staleAfter: 36 * 3600,
      schedule: [
        ScheduledJobRow(job: "backup", cron: "0 3 * * *", nextDue: at(4 * 60)),
        ScheduledJobRow(job: "clean", cron: "*/30 * * * *", isRunning: true),
        ScheduledJobRow(job: "check", cron: "0 4 * * 0", enabled: false),
      ],
      history: HistorySummary(
        jobs: [
          JobSummary(
            job: "backup", lastRun: backupRun, counts: .init(succeeded: 10, failed: 2, skipped: 1),
            bytesAdded: 5_000_000, lastDue: at(-3600)),
          JobSummary(
            job: "clean", lastRun: runningClean, counts: .init(running: 1, succeeded: 4), bytesAdded: 0,
            lastDue: nil),
        ],
        failures: [failedRun], totalRuns: 18),
      recentRuns: [runningClean, backupRun, failedRun])
  }
}

/// The part of `html` from `<tr id="ID"` to its `</tr>`; nil when there is no such row.
func row(_ id: String, in html: String) -> String? {
  guard let start = html.range(of: "<tr id=\"\(id)\"") else { return nil }
  guard let end = html.range(of: "</tr>", range: start.upperBound..<html.endIndex) else { return nil }
  return String(html[start.lowerBound..<end.upperBound])
}
