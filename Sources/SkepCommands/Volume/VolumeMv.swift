import ArgumentParser
import Cluster
import DockerEngine
import Foundation
import VolumeAgent

/// `skep volume mv V --to NODE`: a planned move — the service using V is pinned to NODE; its old task stops (the
/// agent there snapshots V and releases the lease), the new one starts on NODE with every byte.
struct VolumeMv: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mv",
    abstract: "Move the service using a skep volume to another node, with its data (zero loss).",
    aliases: ["move"])

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Argument(help: "The volume.")
  var volume: String

  @Option(help: "The node to move to.")
  var to: String

  @Option(help: "Seconds to wait for the new task to run.")
  var timeout: Double = 300

  func run() async throws {
    let inventory = try global.loadInventory()
    guard inventory.node(named: to) != nil else {
      throw CommandFailure("no node \(to) in \(inventory.file)", exitCode: .invalidInput)
    }
    // Only the manager is needed here: no node's volumes are read.
    let answering = try await NodeEngines(inventory: inventory).answeringManager()
    guard answering.swarmNodes.contains(where: { $0.description?.hostname == to }) else {
      throw CommandFailure("node \(to) is not in the swarm", exitCode: .invalidInput)
    }
    let manager = answering.client
    let users = try await manager.services().filter { PlannedMove.uses($0.spec, volume: volume) }
    guard let service = users.first, users.count == 1 else {
      let names = users.map(\.spec.name).joined(separator: ", ")
      throw CommandFailure(
        users.isEmpty
          ? "no service mounts volume \(volume)"
          : "several services mount volume \(volume) (\(names)): move them by hand",
        exitCode: .invalidInput)
    }
    let before = try await runningTasks(service.id, manager: manager)
    let swarmNodes = try await manager.nodes()
    let names = Dictionary(uniqueKeysWithValues: swarmNodes.map { ($0.id, $0.description?.hostname ?? $0.id) })
    if before.contains(where: { $0.nodeID.flatMap { names[$0] } == to }) {
      print("\(service.spec.name) already runs on \(to)")
      return
    }
    let target = to
    try await manager.updateServiceConstraints(service.id) { PlannedMove.constraints($0, to: target) }
    let started = Date()
    let deadline = started.addingTimeInterval(timeout)
    while Date() < deadline {
      try await Task.sleep(for: .milliseconds(250))
      let tasks = try await manager.tasks(filters: ["service": [service.id]])
      guard
        let new = tasks.first(where: {
          $0.status.state == "running" && $0.desiredState == "running" && $0.nodeID.flatMap { names[$0] } == to
        })
      else { continue }
      let old = tasks.filter { task in before.contains { $0.id == task.id } }
      let stopped = old.compactMap { PlannedMove.date($0.status.timestamp) }.max()
      let running = PlannedMove.date(new.status.timestamp) ?? Date()
      let report = MoveReport(
        volume: volume, service: service.spec.name, from: old.compactMap { $0.nodeID.flatMap { names[$0] } },
        to: to, stopToRunningSeconds: stopped.map { running.timeIntervalSince($0) },
        totalSeconds: Date().timeIntervalSince(started))
      if output.json {
        try JSONOutput.print(report)
      } else {
        let gap = report.stopToRunningSeconds.map { String(format: "%.1f s from the old task's stop to running", $0) }
        print(
          "\(service.spec.name) moved from \(report.from.joined(separator: ",")) to \(to) with \(volume)"
            + (gap.map { ": \($0)" } ?? ""))
      }
      return
    }
    let tasks = try await manager.tasks(filters: ["service": [service.id], "desired-state": ["running"]])
    let errors = tasks.compactMap { $0.status.err }.joined(separator: "; ")
    throw CommandFailure(
      "\(service.spec.name) is not running on \(to) after \(Int(timeout)) s\(errors.isEmpty ? "" : ": \(errors)")")
  }

  func runningTasks(_ id: String, manager: DockerClient) async throws -> [SwarmTask] {
    try await manager.tasks(filters: ["service": [id], "desired-state": ["running"]])
      .filter { $0.status.state == "running" }
  }
}

/// What `volume mv` did.
struct MoveReport: Encodable {
  var volume: String
  var service: String
  var from: [String]
  var to: String
  var stopToRunningSeconds: Double?
  var totalSeconds: Double
}
