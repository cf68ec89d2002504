import ArgumentParser
import Backup
import Foundation

/// `skep backup check`: `restic check` in a one-task job; non-zero with restic's reason when the repository is
/// damaged or cannot be opened.
struct BackupCheck: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check the restic repository's structure (and part of its data with --read-data-subset).",
    discussion: """
      Runs restic check as a one-task swarm job of the skep image on a manager. restic check locks the repository \
      exclusively: a backup must not be running.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Option(help: "Also read this part of the pack files: a percentage (5%) or a fraction (1/10).")
  var readDataSubset: String?

  @Option(help: "The skep image the job runs (default: REGISTRY/skep:latest).")
  var image: String?

  @Option(help: "Seconds the job may take.")
  var timeout = 3600

  func validate() throws {
    if let readDataSubset, !Self.isSubset(readDataSubset) {
      throw ValidationError("--read-data-subset must be a percentage (5%) or a fraction n/m (1/10)")
    }
  }

  func run() async throws {
    let context = try await BackupContext.load(global: global)
    let image = try context.image(image)
    let secretID = try await context.requirePasswordSecret()
    var arguments = ["check"]
    if let readDataSubset { arguments += ["--read-data-subset", readDataSubset] }
    printError("checking \(context.repository)…")
    let result = try await context.removingStaleLocks(image: image, secretID: secretID) {
      try await context.restic(arguments, image: image, secretID: secretID, timeout: .seconds(timeout))
    }
    let report = BackupCheckReport(
      repository: context.repository, ok: result.succeeded,
      reason: result.succeeded ? nil : Self.reason(result), output: result.logs.stdoutLines)
    if output.json {
      try JSONOutput.print(report)
    } else if report.ok {
      print("repository \(context.repository): no errors were found")
    }
    if let reason = report.reason {
      throw CommandFailure("restic check on \(context.repository) failed: \(reason)")
    }
  }

  /// restic's error lines (`error:`, `Fatal:`) from both streams, else its last stderr line.
  static func reason(_ result: SwarmJob.Result) -> String {
    let lines = (result.logs.stdoutLines + result.logs.stderrLines).filter {
      $0.hasPrefix("Fatal:") || $0.lowercased().contains("error")
    }
    let errors = lines.filter { !$0.hasPrefix("Fatal:") }.prefix(5)
    let fatal =
      lines.last { $0.hasPrefix("Fatal:") }
      ?? (StaleLock.isLocked(result) ? StaleLock.holder(result) : ResticJobText.reason(result))
    return ([fatal] + errors).joined(separator: "\n  ")
  }

  /// `N%` or `n/m`, as restic accepts them.
  static func isSubset(_ text: String) -> Bool {
    if text.hasSuffix("%") { return Double(text.dropLast()).map { $0 > 0 && $0 <= 100 } ?? false }
    let parts = text.split(separator: "/")
    guard parts.count == 2, let n = Int(parts[0]), let m = Int(parts[1]) else { return false }
    return n >= 1 && n <= m
  }
}

/// `backup check --json`.
struct BackupCheckReport: Encodable {
  var repository: String
  var ok: Bool
  var reason: String?
  var output: [String]
}

extension BackupContext {
  /// Runs a restic job through `body`; when it fails only on a lock and no skep job runs in the swarm (the lock is
  /// left by a task whose node died mid-backup), removes the locks with `restic unlock --remove-all` and runs it
  /// once more. With a skep job running, the failure stands and names the jobs.
  func removingStaleLocks(
    image: String, secretID: String, _ body: () async throws -> SwarmJob.Result
  ) async throws -> SwarmJob.Result {
    let first = try await body()
    guard StaleLock.isLocked(first) else { return first }
    let services = try await manager.services(filters: ["label": [SwarmJobSpec.jobLabel]])
    let running = StaleLock.runningJobs(services.map { ($0.spec.name, $0.spec.labels ?? [:]) })
    guard running.isEmpty else {
      throw CommandFailure(
        "\(StaleLock.holder(first)); skep jobs still running: \(running.joined(separator: ", ")): "
          + "try again when they end")
    }
    printError(
      "\(StaleLock.holder(first)); no skep job runs, so the lock is stale (left by a restic that was killed, "
        + "like an agent whose node went down mid-backup): removing it with restic unlock --remove-all")
    let unlock = try await restic(["unlock", "--remove-all"], image: image, secretID: secretID)
    guard unlock.succeeded else {
      throw CommandFailure("restic unlock on \(repository) failed: \(ResticJobText.reason(unlock))")
    }
    return try await body()
  }
}
