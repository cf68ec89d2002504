import ArgumentParser
import Backup
import DockerEngine
import Foundation

/// `skep backup run`: one swarm job of `skep agent backup` over every node (or the chosen ones).
struct BackupRun: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Back up the volumes of every node (or the chosen ones) into the restic repository.",
    discussion: """
      One GlobalJob runs `skep agent backup` on each node (or the chosen ones). Each agent opens the repository \
      before it pauses anything: a wrong password or a repository a node cannot reach ends the run with nothing \
      touched. Progress goes to stderr per node, then a table (or --json). A container an agent froze and could \
      not put back (an agent killed, say) is unpaused or started again, and reported. Exits 1 if any volume or \
      node failed.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Option(name: .customLong("node"), help: "Only this node (repeatable; default: every node).")
  var nodes: [String] = []

  @Option(name: .customLong("volume"), help: "Only this volume (repeatable; default: every volume).")
  var volumes: [String] = []

  @Option(help: "The skep image the job runs (default: REGISTRY/skep:latest).")
  var image: String?

  @Option(help: "Seconds the whole job may take.")
  var timeout = 3600

  @Flag(help: .hidden) var keepJob = false

  func run() async throws {
    let context = try await BackupContext.load(global: global)
    let image = try context.image(image)
    let secretID = try await context.requirePasswordSecret()
    let members = try await context.manager.nodes().map { $0.description?.hostname ?? $0.id }
    if let unknown = nodes.first(where: { !members.contains($0) }) {
      throw CommandFailure(
        "no swarm node \(unknown) (nodes: \(members.joined(separator: ", ")))", exitCode: .invalidInput)
    }
    let section = context.inventory.backup
    let job = BackupJobs.agentBackup(
      name: SwarmJobSpec.uniqueName(), image: image, repository: context.repository,
      repositoryKind: context.repositoryKind, placement: SwarmJobSpec.placement(on: nodes, among: members),
      volumes: volumes, compression: section?.compression ?? .auto,
      rulesJSON: try AgentRulesJSON.encode(section?.volumes ?? [:]),
      dockerSocketSource: BackupJobs.dockerSocketSource(nodes: context.inventory.nodes))
    printError("running \(job.name) on \(nodes.isEmpty ? "every node" : nodes.joined(separator: ", "))…")
    var runner = SwarmJob(manager: context.manager, timeout: .seconds(timeout), logger: context.logger)
    runner.keepService = keepJob
    let result = try await runner.run(job, secretID: secretID) { node, outcome, logs in
      BackupProgress.nodeDone(node: node, outcome: outcome, events: logs.events.filter { $0.node == node })
    }
    if keepJob { printError("kept the job service \(job.name) (--keep-job): remove it with docker service rm") }
    if let refusal = RepositoryRefusal.find(
      outcomes: result.outcomes, events: result.logs.events, repository: context.repository)
    {
      throw CommandFailure(
        "the repository \(context.repository) cannot be opened on \(refusal.nodes.joined(separator: ", ")): "
          + "\(refusal.reason); nothing was backed up, no container was paused")
    }
    if let readError = result.logs.readError {
      printError("warning: the job's logs could not be read (\(readError)): check for paused containers by hand")
    }
    let unpaused = await BackupUnpause(context: context).restore(ContainerHoldLine.stillFrozen(result.logs.holds))
    let report = BackupRunReport(
      job: job.name, outcomes: result.outcomes, events: result.logs.events, unpaused: unpaused)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(BackupReportTable.render(report.events), terminator: "")
      for node in report.nodes where node.status == .failed {
        print("node \(node.node) failed: \(node.reason ?? "unknown")")
      }
      for entry in report.unpaused {
        print("unpaused \(entry.container) on \(entry.node): it was still paused after the job")
      }
    }
    if report.failed { throw ExitCode(report.exitCode) }
  }
}

/// Live lines on stderr as each node ends.
enum BackupProgress {
  static func nodeDone(node: String, outcome: JobTaskOutcome, events: [BackupEvent]) {
    let failed = events.filter { $0.status == .failed }.count
    printError("\(node): \(outcome) — \(events.count - failed) volume(s) ok, \(failed) failed")
    for event in events {
      let detail = event.status == .ok ? (event.snapshot.map { "snapshot \($0)" } ?? "") : (event.reason ?? "")
      printError("  \(node) \(event.volume) [\(event.kind.rawValue)] \(event.status.rawValue) \(detail)")
    }
  }
}
