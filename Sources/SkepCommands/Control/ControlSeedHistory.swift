import ArgumentParser
import Foundation
import RunHistory

/// `skep control seed-history`: fills a history file with made-up runs, for `bench/control` (the dashboard's speed
/// with a year or three of history). Hidden: not for real histories.
struct ControlSeedHistory: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seed-history",
    abstract: "Fill a run-history file with made-up backup runs (benchmarks only).",
    shouldDisplay: false
  )

  @Option(help: "The SQLite file (created if missing; its folder must exist).")
  var history: String

  @Option(help: "How many runs.")
  var runs = 1000

  @Option(help: "Volumes per run (one item each).")
  var volumes = 20

  @Option(help: "Nodes the volumes are spread over.")
  var nodes = 3

  func run() async throws {
    let store = try RunHistoryStore(path: history)
    let end = Date()
    for index in 0..<runs {
      let due = end.addingTimeInterval(-Double(runs - index) * 86400)
      let run = try await store.start(job: "backup", trigger: .scheduled, due: due, at: due.addingTimeInterval(1))
      let failedVolume = index % 50 == 7 ? index % volumes : -1
      let items = (0..<volumes).map { volume in
        JobRunItem(
          node: "node\(volume % nodes + 1)", volume: "volume-\(volume)", kind: "files",
          status: volume == failedVolume ? .failed : .ok,
          message: volume == failedVolume ? "pre hook exited with status 3" : nil,
          bytesAdded: Int64(1000 + volume), bytesTotal: Int64(1_000_000 * (volume + 1)), duration: 1.5,
          reference: volume == failedVolume ? nil : String(format: "%08x", index * volumes + volume))
      }
      try await store.finish(
        id: run.id, status: failedVolume >= 0 ? .failed : .succeeded, message: "seeded run \(index)",
        bytesAdded: items.reduce(0) { $0 + ($1.bytesAdded ?? 0) }, items: items, at: due.addingTimeInterval(61))
    }
    print("\(runs) runs of \(volumes) volumes in \(history)")
  }
}
