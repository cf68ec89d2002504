import Cluster
import Foundation
import NodeSetup
import SkepConfig

/// What `node setup` did (or would do) on one node.
struct NodeSetupReport: Sendable {
  enum Status: String, Encodable, Sendable {
    /// The node already matched the profile.
    case unchanged
    /// Changes were applied (and read back as wanted).
    case changed
    /// `--dry-run`: changes are planned.
    case wouldChange = "would-change"
    /// ssh could not log in.
    case unreachable
    /// A script, a restart or the read-back failed, or the plan has problems.
    case failed
  }

  var node: String
  var status: Status
  var plan: NodePlan?
  var error: String?
  /// The safe restart, when dockerd needed one.
  var restart: EngineRestart?
  /// True when dockerd was told to reload daemon.json.
  var reloaded = false
  /// True when skep refused to restart the engine (quorum, last active node).
  var refused = false
  /// Changes still planned after applying (the read-back found the node not as wanted).
  var remaining: [String] = []

  /// The exit code of the whole run: unreachable nodes first (4), then refusals (3), then failures (1).
  static func exitCode(_ reports: [NodeSetupReport]) -> SkepExitCode? {
    if reports.contains(where: { $0.status == .unreachable }) { return .unreachable }
    if reports.contains(where: \.refused) { return .refused }
    if reports.contains(where: { $0.status == .failed || $0.isIncomplete }) { return .failure }
    return nil
  }

  /// True when a part of the profile cannot be done on the node (the rest was).
  var isIncomplete: Bool { !(plan?.problems.isEmpty ?? true) }

  static func failureSummary(_ reports: [NodeSetupReport]) -> String {
    let failed = reports.filter { $0.status == .unreachable || $0.status == .failed || $0.isIncomplete }.map(\.node)
    return "not every node is set up: \(failed.joined(separator: ", ")) (see above)"
  }
}

/// The three phases of `node setup` over SSH: probe and plan every node in parallel; apply in parallel (files,
/// hooks, dockerd reloads); restart the engines that need it one node at a time; read every changed node back.
struct NodeSetupSession: Sendable {
  var profile: SetupSection
  var secrets: [String: String]
  var inventory: Inventory

  func ssh(_ name: String) throws -> NodeSSH {
    guard let node = inventory.node(named: name) else { throw UnknownNode(name: name, inventory: inventory) }
    return NodeSSH(settings: profile.ssh, node: node)
  }

  func plan(_ nodes: [InventoryNode]) async -> [NodeSetupReport] {
    await eachNode(nodes.map { NodeSetupReport(node: $0.name, status: .unchanged) }) { report in
      let name = report.node
      do {
        let plan = try await probeAndPlan(name)
        // A part the node cannot do (its problems) does not stop the others: they are applied, and the exit code
        // says the node is not set up in full.
        return NodeSetupReport(node: name, status: plan.changes.isEmpty ? .unchanged : .wouldChange, plan: plan)
      } catch let error as NodeSSHError {
        if case .unreachable = error { return NodeSetupReport(node: name, status: .unreachable, error: "\(error)") }
        return NodeSetupReport(node: name, status: .failed, error: "\(error)")
      } catch {
        return NodeSetupReport(node: name, status: .failed, error: "\(name): \(error)")
      }
    }
  }

  func probeAndPlan(_ name: String) async throws -> NodePlan {
    let output = try await ssh(name).run(NodeProbe.script(profile: profile))
    let facts = try NodeFacts.parse(output)
    return SetupPlanner.plan(profile: profile, facts: facts, secrets: secrets)
  }

  /// Applies every planned change (problems aside: what can be done is done), then reloads dockerd where only
  /// reloadable options changed.
  func apply(_ reports: [NodeSetupReport]) async -> [NodeSetupReport] {
    await eachNode(reports) { report in
      var report = report
      let name = report.node
      guard let plan = report.plan, !plan.changes.isEmpty else { return report }
      do {
        _ = try await ssh(name).run(plan.applyScript(dockerPidFile: nil))
        if report.status == .wouldChange { report.status = .changed }
        if plan.docker == .reload {
          let command = profile.docker?.reloadCommand?.value ?? SetupSection.Docker.defaultReloadCommand
          _ = try await ssh(name).run(command + "\n")
          report.reloaded = true
        }
      } catch {
        report.status = .failed
        report.error = "\(error)"
      }
      return report
    }
  }

  /// Restarts, one node at a time, the engines whose daemon.json change needs it; stops at the first failure (the
  /// node it left drained is named) so that no second node goes down.
  func restartEngines(_ reports: [NodeSetupReport]) async throws -> [NodeSetupReport] {
    var reports = reports
    let wanted = reports.indices.filter { reports[$0].status == .changed && reports[$0].plan?.docker == .restart }
    guard !wanted.isEmpty else { return reports }
    let operations = NodeOperations(engines: try NodeEngines(inventory: inventory))
    let command = profile.docker?.restartCommand?.value ?? SetupSection.Docker.defaultRestartCommand
    var stopped: String?
    for index in wanted {
      let name = reports[index].node
      if let stopped {
        reports[index].status = .failed
        reports[index].error = "dockerd not restarted: the restart of \(stopped) failed first"
        continue
      }
      do {
        let ssh = try ssh(name)
        reports[index].restart = try await operations.restartEngine(name) {
          _ = try await ssh.run(command + "\n")
        }
      } catch let refusal as NodeRefusal {
        reports[index].status = .failed
        reports[index].refused = true
        reports[index].error = "dockerd not restarted: \(refusal.message)"
        stopped = name
      } catch {
        reports[index].status = .failed
        reports[index].error = "\(error)"
        stopped = name
      }
    }
    return reports
  }

  /// Probes every changed node again: a change that would still be planned was not applied as wanted.
  func verify(_ reports: [NodeSetupReport]) async -> [NodeSetupReport] {
    await eachNode(reports) { report in
      var report = report
      let name = report.node
      guard report.status == .changed else { return report }
      do {
        let again = try await probeAndPlan(name)
        report.remaining = again.changes.map(\.description)
        if !report.remaining.isEmpty {
          report.status = .failed
          report.error = "read back, \(name) still differs from the profile"
        }
      } catch {
        report.status = .failed
        report.error = "cannot read \(name) back: \(error)"
      }
      return report
    }
  }

  /// Runs `body` for every node's report at once; results in the same order.
  func eachNode(
    _ reports: [NodeSetupReport], _ body: @escaping @Sendable (NodeSetupReport) async -> NodeSetupReport
  ) async -> [NodeSetupReport] {
    await withTaskGroup(of: (Int, NodeSetupReport).self) { group in
      for (index, report) in reports.enumerated() { group.addTask { (index, await body(report)) } }
      var results = [NodeSetupReport?](repeating: nil, count: reports.count)
      for await (index, report) in group { results[index] = report }
      return results.compactMap { $0 }
    }
  }
}
