import Backup
import DockerEngine
import Foundation
import Logging
import RunHistory
import Sandbox
import SkepConfig

/// How skep-control runs a job: the same command a person would type, `skep backup run --json` and so on, as a
/// child process of its own binary. The child finds the swarm through the local engine (`SKEP_MANAGER_ENDPOINT`), so
/// the jobs are the CLI's swarm jobs, and its memory is given back when it ends.
public struct ControlJobRunner: Sendable {
  /// What a finished run recorded.
  struct Outcome: Sendable {
    var status: JobRun.Status
    var message: String
    var bytesAdded: Int64?
    var items: [JobRunItem]
  }

  /// The skep binary (this process's own).
  var executable: String
  /// The inventory the service was given.
  var inventory: String
  /// The skep image the jobs run (the service's own).
  var image: String
  /// Seconds a run may take before it is stopped and recorded as failed.
  var timeout: Duration = .seconds(6 * 3600)
  var logger: Logger

  /// The command line of a job, without the binary; nil for a job skep-control cannot run.
  static func arguments(_ job: ScheduleSection.JobName, image: String) -> [String]? {
    switch job {
    case .backup: ["backup", "run", "--json", "--image", image]
    case .check: ["backup", "check", "--json", "--image", image]
    case .clean: ["clean", "--json"]
    case .registryPrune: ["registry", "prune", "--json"]
    case .build: nil
    }
  }

  /// Why a job cannot run inside the swarm.
  public static func refusal(_ job: ScheduleSection.JobName) -> String? {
    switch job {
    case .build:
      "skep-control cannot run build: the folder of Dockerfiles lives where you run skep, not in the swarm; "
        + "run skep build from there"
    default: nil
    }
  }

  /// Runs the job to its end and says what happened; never throws (a failure to start is a failed run).
  func run(_ job: ScheduleSection.JobName) async -> Outcome {
    guard let arguments = Self.arguments(job, image: image) else {
      return Outcome(status: .failed, message: Self.refusal(job) ?? "unknown job", bytesAdded: nil, items: [])
    }
    var environment = ProcessInfo.processInfo.environment
    environment["SKEP_INVENTORY"] = inventory
    let runner = CommandRunner(logger: logger)
    let command = [executable] + arguments
    let timeout = timeout
    let output: CommandOutput
    do {
      output = try await withThrowingTaskGroup(of: CommandOutput?.self) { group in
        group.addTask { [environment] in
          try await runner.run(command, environment: environment, check: false)
        }
        group.addTask {
          try await Task.sleep(for: timeout)
          return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let done = first else {
          throw ControlJobTimeout()
        }
        return done
      }
    } catch is ControlJobTimeout {
      return Outcome(
        status: .failed, message: "\(job) did not end within \(timeout): stopped", bytesAdded: nil, items: [])
    } catch {
      return Outcome(status: .failed, message: "\(job) could not start: \(error)", bytesAdded: nil, items: [])
    }
    return Self.outcome(job, status: output.status, stdout: output.stdout, stderr: output.stderr)
  }

  /// Reads a finished command: the exit status decides, the JSON report gives the items (per node and volume for a
  /// backup), the last line on stderr explains a failure.
  static func outcome(_ job: ScheduleSection.JobName, status: Int32, stdout: String, stderr: String) -> Outcome {
    let lastError = lastErrorLine(stderr)
    var items: [JobRunItem] = []
    var bytesAdded: Int64?
    if job == .backup, let report = try? JSONDecoder().decode(BackupReport.self, from: Data(stdout.utf8)) {
      items = report.items
      bytesAdded = report.events.reduce(Int64(0)) { $0 + ($1.bytesNew ?? 0) }
    }
    let failedItems = items.filter { $0.status == .failed }
    let succeeded = status == 0
    var message: String
    if job == .backup, !items.isEmpty {
      let volumes = items.filter { $0.volume != nil }
      let count = { (status: JobRunItem.Status) in volumes.filter { $0.status == status }.count }
      message =
        "\(volumes.count) volumes: \(count(.ok)) backed up, \(count(.failed)) failed, \(count(.skipped)) skipped"
      if !failedItems.isEmpty {
        message +=
          "; failed: "
          + failedItems.prefix(5).map { item in item.volume.map { "\($0) on \(item.node)" } ?? "node \(item.node)" }
          .joined(separator: ", ")
      }
    } else if succeeded {
      message = "\(job) succeeded"
    } else {
      message = lastError ?? "\(job) exited with status \(status)"
    }
    if !succeeded, failedItems.isEmpty, let lastError, !message.contains(lastError) {
      message += ": \(lastError)"
    }
    return Outcome(
      status: succeeded ? .succeeded : .failed, message: message, bytesAdded: bytesAdded, items: items)
  }

  /// The last line a command wrote on stderr, without its `error: ` prefix.
  static func lastErrorLine(_ stderr: String) -> String? {
    stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .last { !$0.isEmpty }.map { $0.hasPrefix("error: ") ? String($0.dropFirst(7)) : $0 }
  }

  /// The part of `skep backup run --json` the history keeps: the agents' own `BackupEvent`s and the node lines.
  struct BackupReport: Decodable {
    struct Node: Decodable {
      var node: String
      var status: BackupEvent.Status
      var reason: String?
    }
    var events: [BackupEvent]
    var nodes: [Node]?

    var items: [JobRunItem] {
      var items = events.map { event in
        JobRunItem(
          node: event.node, volume: event.volume, kind: event.kind.rawValue,
          status: JobRunItem.Status(rawValue: event.status.rawValue) ?? .failed, message: event.reason,
          bytesAdded: event.bytesNew, bytesTotal: event.bytesTotal, duration: event.duration,
          reference: event.snapshot)
      }
      let withEvents = Set(events.filter { $0.status == .failed }.map(\.node))
      for node in nodes ?? [] where node.status == .failed && !withEvents.contains(node.node) {
        items.append(JobRunItem(node: node.node, kind: "task", status: .failed, message: node.reason))
      }
      return items
    }
  }
}

struct ControlJobTimeout: Error {}

extension ControlJobRunner {
  /// The swarm job of a backup run still in progress (a service `skep-backup-…` labelled `skep.job=backup` running
  /// `skep agent backup`, with a task not yet ended), or nil. Other jobs run no swarm job of their own that lasts.
  static func backupJobInProgress(_ job: ScheduleSection.JobName, manager: DockerClient) async -> String? {
    guard job == .backup,
      let services = try? await manager.services(filters: ["label": ["\(SwarmJobSpec.jobLabel)=backup"]])
    else { return nil }
    for service in services
    where service.spec.taskTemplate.containerSpec.command?.joined(separator: " ")
      .contains("agent backup") == true
    {
      let tasks = (try? await manager.tasks(filters: ["service": [service.id]])) ?? []
      let ended: Set<String> = ["complete", "failed", "shutdown", "rejected", "orphaned", "remove"]
      if tasks.contains(where: { !ended.contains($0.status.state) }) { return service.spec.name }
    }
    return nil
  }
}
