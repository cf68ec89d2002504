import ArgumentParser
import Backup
import Foundation
import RunHistory

/// `skep jobs`: the runs skep-control recorded, and manual runs through it.
struct JobsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "jobs",
    abstract: "List and show skep-control's job runs, or run a job now through it.",
    subcommands: [JobsLs.self, JobsShow.self, JobsRun.self]
  )

  /// The service's API, found through a manager.
  static func access(_ global: GlobalOptions) async throws -> ControlAccess {
    let context = try await BackupContext.load(global: global)
    return try await ControlAccess.locate(manager: context.manager, inventory: context.inventory)
  }

  static let decoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
  }()

  static func decode<T: Decodable>(_ type: T.Type, _ body: Data, what: String) throws -> T {
    do {
      return try decoder.decode(type, from: body)
    } catch {
      throw CommandFailure("skep-control answered \(what) with something unreadable: \(error)")
    }
  }

  /// The error text of a JSON `{"error": …}` answer.
  static func errorText(_ body: Data) -> String {
    struct Answer: Decodable { var error: String }
    return (try? JSONDecoder().decode(Answer.self, from: body).error)
      ?? String(decoding: body.prefix(300), as: UTF8.self)
  }

  static func time(_ date: Date?) -> String {
    guard let date else { return "-" }
    return date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
  }

  static func duration(_ run: JobRun) -> String {
    guard let seconds = run.duration else { return run.status == .running ? "running" : "-" }
    return seconds < 120 ? String(format: "%.1f s", seconds) : "\(Int(seconds / 60)) min"
  }
}

/// `skep jobs ls`.
struct JobsLs: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ls", abstract: "List recorded runs, newest first.", aliases: ["list"])

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Option(help: "Only this job's runs (backup, clean, check, registry_prune, build).")
  var job: String?

  @Option(help: "How many runs.")
  var limit = 20

  func run() async throws {
    let access = try await JobsCommand.access(global)
    var path = "/api/runs?limit=\(limit)"
    if let job { path += "&job=\(job.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? job)" }
    let response = try await access.send("GET", path)
    guard response.status == 200 else {
      throw CommandFailure("skep-control: \(JobsCommand.errorText(response.body))")
    }
    let runs = try JobsCommand.decode([JobRun].self, response.body, what: "the run list")
    if output.json {
      try JSONOutput.print(runs, isoDates: true)
      return
    }
    var table = Table("RUN", "JOB", "TRIGGER", "STATUS", "STARTED", "DURATION", "MESSAGE")
    for run in runs {
      table.add([
        String(run.id), run.job, run.trigger.rawValue, run.status.rawValue, JobsCommand.time(run.started),
        JobsCommand.duration(run), run.message ?? "",
      ])
    }
    print(table.render(), terminator: "")
  }
}

/// `skep jobs show RUN`.
struct JobsShow: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show one run with its per-node and per-volume results.")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Argument(help: "The run's number (skep jobs ls).")
  var run: Int64

  func run() async throws {
    let access = try await JobsCommand.access(global)
    let response = try await access.send("GET", "/api/runs/\(run)")
    guard response.status == 200 else {
      throw CommandFailure(
        "skep-control: \(JobsCommand.errorText(response.body))",
        exitCode: response.status == 404 ? .invalidInput : .failure)
    }
    let record = try JobsCommand.decode(JobRun.self, response.body, what: "run \(run)")
    if output.json {
      try JSONOutput.print(record, isoDates: true)
      return
    }
    print("run \(record.id): \(record.job) (\(record.trigger.rawValue)) \(record.status.rawValue)")
    if let due = record.due { print("due:      \(JobsCommand.time(due))") }
    print("started:  \(JobsCommand.time(record.started))")
    print("ended:    \(JobsCommand.time(record.ended)) (\(JobsCommand.duration(record)))")
    if let message = record.message { print("message:  \(message)") }
    guard !record.items.isEmpty else { return }
    var table = Table("NODE", "VOLUME", "KIND", "STATUS", "ADDED", "DURATION", "REFERENCE", "MESSAGE")
    for item in record.items {
      let added: String = item.bytesAdded.map(BackupReportTable.bytes) ?? "-"
      let duration: String = item.duration.map { String(format: "%.1f s", $0) } ?? "-"
      let volume: String = item.volume ?? "-"
      table.add([
        item.node, volume, item.kind, item.status.rawValue, added, duration, item.reference ?? "-", item.message ?? "",
      ])
    }
    print(table.render(), terminator: "")
  }
}

/// `skep jobs run NAME`.
struct JobsRun: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a job now, through skep-control (recorded; refused while a run of the job goes on).",
    discussion: """
      The run goes through the service, so it is recorded like a scheduled one and the no-overlap rule holds: \
      while a run of the same job goes on (scheduled or manual), the request is refused with exit code 3 and the \
      running run's number — never queued. --wait follows the run to its end and exits 1 if it failed.
      """)

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Argument(help: "The job: backup, clean, check or registry_prune.")
  var job: String

  @Flag(help: "Wait for the run to end and print its result.")
  var wait = false

  func run() async throws {
    let access = try await JobsCommand.access(global)
    let response = try await access.send("POST", "/api/jobs/\(job)/run")
    switch response.status {
    case 202, 200: break
    case 409:
      throw CommandFailure("refused: \(JobsCommand.errorText(response.body))", exitCode: .refused)
    case 404:
      throw CommandFailure("\(JobsCommand.errorText(response.body))", exitCode: .invalidInput)
    default:
      throw CommandFailure("skep-control: \(JobsCommand.errorText(response.body))")
    }
    var record = try JobsCommand.decode(JobRun.self, response.body, what: "the new run")
    if wait {
      while record.status == .running {
        try await Task.sleep(for: .seconds(1))
        let again = try await access.send("GET", "/api/runs/\(record.id)")
        guard again.status == 200 else { throw CommandFailure("skep-control: \(JobsCommand.errorText(again.body))") }
        record = try JobsCommand.decode(JobRun.self, again.body, what: "run \(record.id)")
      }
    }
    if output.json {
      try JSONOutput.print(record, isoDates: true)
    } else {
      print("run \(record.id) of \(record.job): \(record.status.rawValue)\(record.message.map { ": \($0)" } ?? "")")
    }
    if record.status.isFailure { throw ExitCode(1) }
  }
}
