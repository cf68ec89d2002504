import ArgumentParser
import Cluster
import SkepConfig

/// `skep cluster up`: make the swarm match the inventory.
struct ClusterUp: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "up",
    abstract: "Form or heal the swarm: init, join, promote/demote to the wanted managers, apply labels.",
    discussion: """
      Reads every node's engine, computes a plan and runs it. A second run changes nothing and says so. Every node \
      must answer before anything is written, unless --skip-unreachable is given.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Flag(help: "Print the plan and change nothing.")
  var dryRun = false

  @Flag(help: "Go on with the nodes that answer when some do not.")
  var skipUnreachable = false

  @Flag(help: "Allow plain tcp:// endpoints to non-loopback addresses (unencrypted, unauthenticated).")
  var insecure = false

  func run() async throws {
    let inventory = try global.loadInventory()
    let engines = try NodeEngines(inventory: inventory, allowInsecure: insecure)
    let observer = ClusterObserver(engines: engines)
    let observed = await observer.observe()
    try checkReachable(inventory, observed)
    let plan: ClusterPlan
    do {
      plan = try ClusterPlan.make(inventory: inventory, observed: observed)
    } catch let error as ClusterPlanError {
      throw CommandFailure(error.message, exitCode: .refused)
    }
    for warning in plan.warnings { printError("warning: \(warning)") }
    if output.json {
      try JSONOutput.print(ClusterUpReport(plan: plan, dryRun: dryRun))
    } else if plan.isEmpty {
      print("nothing to do: the swarm already matches \(inventory.file)")
    } else if dryRun {
      print("plan (dry run, nothing changed):")
      for step in plan.steps { print("  - \(step)") }
    } else {
      print("applying \(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s"):")
    }
    guard !dryRun, !plan.isEmpty else { return }
    let json = output.json
    do {
      try await ClusterExecutor(engines: engines).execute(plan, observed: observed) { step in
        if !json { print("  - \(step)") }
      }
    } catch let error as ClusterPlanError {
      throw CommandFailure(error.message)
    }
    if !json {
      let status = ClusterStatus.make(inventory: inventory, observed: await observer.observe())
      print("done: \(status.quorum.summary)")
    }
  }

  private func checkReachable(_ inventory: Inventory, _ observed: ObservedCluster) throws {
    let down = observed.engines.filter { !$0.reachable }
    guard !down.isEmpty, !skipUnreachable else { return }
    let lines = down.compactMap { engine -> String? in
      guard let node = inventory.node(named: engine.name) else { return nil }
      return "\(node.dockerLocation): error: node \(node.name): Docker endpoint \(node.docker) does not answer: "
        + (engine.error ?? "unknown error")
    }
    throw CommandFailure(
      lines.joined(separator: "\n") + "\nnothing was changed; fix the endpoint, start dockerd there, or pass "
        + "--skip-unreachable", exitCode: .unreachable)
  }
}

/// `cluster up --json`.
struct ClusterUpReport: Encodable {
  var dryRun: Bool
  var changed: Bool
  var steps: [String]
  var warnings: [String]
  var managers: [String]

  init(plan: ClusterPlan, dryRun: Bool) {
    self.dryRun = dryRun
    self.changed = !dryRun && !plan.isEmpty
    self.steps = plan.steps.map(\.description)
    self.warnings = plan.warnings
    self.managers = plan.managers
  }
}
