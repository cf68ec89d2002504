import Foundation
import Logging
import SkepConfig

/// Runs the `restic` binary against one repository (written for restic 0.14, repository format v2).
///
/// A `Sendable` value: each call starts its own restic process. The repository and its password go through the
/// child's environment only; arguments are logged at debug level and never hold a secret.
public struct Restic: Sendable {
  public var repository: ResticRepository
  /// Path of the restic binary.
  public var binary: String
  /// `--compression` for new data.
  public var compression: BackupCompression
  /// `RESTIC_CACHE_DIR`; nil leaves restic's default (`~/.cache/restic`).
  public var cacheDirectory: String?
  /// The environment restic inherits, minus every `RESTIC_*` variable (skep sets its own).
  public var baseEnvironment: [String: String]
  public var logger: Logger

  /// Creates a runner; `environment` defaults to this process's environment (for `HOME`, `PATH`, S3 keys, ssh).
  public init(
    repository: ResticRepository, binary: String = "/usr/bin/restic", compression: BackupCompression = .auto,
    cacheDirectory: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
    logger: Logger = Logger(label: "skep.backup.restic")
  ) {
    self.repository = repository
    self.binary = binary
    self.compression = compression
    self.cacheDirectory = cacheDirectory
    self.baseEnvironment = environment.filter { !$0.key.hasPrefix("RESTIC_") }
    self.logger = logger
  }

  /// The environment of every restic child.
  var environment: [String: String] {
    var environment = baseEnvironment
    environment["RESTIC_REPOSITORY"] = repository.location
    let password = repository.password.environment
    environment[password.key] = password.value
    if let cacheDirectory { environment["RESTIC_CACHE_DIR"] = cacheDirectory }
    return environment
  }

  /// Runs `restic ARGUMENTS`; a non-zero exit (other than those in `accepting`) becomes a ``ResticError``.
  func execute(
    _ arguments: [String], accepting: Set<Int32> = [0], directory: String? = nil,
    stdin: (@Sendable (FileHandle) async throws -> StdinEnding)? = nil
  ) async throws(ResticError) -> ProcessOutput {
    guard FileManager.default.isExecutableFile(atPath: binary) else { throw .binaryMissing(path: binary) }
    let command = arguments.first ?? ""
    logger.debug("restic \(arguments.joined(separator: " "))")
    let runner = ProcessRunner(executable: binary, environment: environment, currentDirectory: directory)
    let output: ProcessOutput
    do {
      output = try await runner.run(arguments, stdin: stdin)
    } catch {
      throw .failed(command: command, exitCode: -1, message: "cannot start restic: \(error)")
    }
    guard accepting.contains(output.status), !output.signaled else {
      throw ResticErrorClassifier.classify(
        command: command, exitCode: output.status, stderr: String(decoding: output.stderr, as: UTF8.self),
        repository: repository.location, secrets: repository.password.secrets)
    }
    return output
  }

  /// Creates the repository (format v2) unless one is there; safe to run on every node at once.
  public func initIfMissing() async throws(ResticError) -> InitOutcome {
    do throws(ResticError) {
      _ = try await execute(["cat", "config"])
      return .existing
    } catch .repositoryNotFound {
      do throws(ResticError) {
        _ = try await execute(["init", "--repository-version", "2"])
        return .created
      } catch .failed(_, _, let message) where message.contains("config file already exists") {
        return .existing
      }
    }
  }

  /// Backs up the directory `path` as one snapshot. restic runs inside `path` and saves `.`, so the snapshot's
  /// root is the directory's content (a plain `restic restore --target DIR` puts the files straight in DIR).
  /// `time` overrides the snapshot time (restic `--time`, for imports and tests).
  public func backup(
    path: String, tags: SnapshotTags, host: String = SnapshotTags.fixedHost, excludes: [String] = [],
    time: Date? = nil
  ) async throws(ResticError) -> SnapshotSummary {
    var arguments = ["backup", "--json", "--compression", compression.rawValue, "--host", host]
    arguments += tags.rendered.flatMap { ["--tag", $0] }
    arguments += excludes.flatMap { ["--exclude", $0] }
    if let time { arguments += ["--time", Self.resticTime(time)] }
    arguments.append(".")
    // Exit 3: the snapshot was made but some files could not be read; restic's stderr names them.
    let output = try await execute(arguments, accepting: [0, 3], directory: path)
    if output.status == 3 {
      logger.warning(
        "restic could not read every file of \(path): \(ResticErrorClassifier.mainLine(of: String(decoding: output.stderr, as: UTF8.self)))"
      )
    }
    return try Self.summary(in: output.stdout)
  }

  /// Snapshots carrying every tag of `tags` (all snapshots when nil), oldest first.
  /// `lock: false` lists without taking restic's repository lock (`--no-lock`): a read that a concurrent prune cannot
  /// harm, one lock file fewer to write on a NAS (the volume driver's Mount asks this).
  public func snapshots(tags: SnapshotTags? = nil, lock: Bool = true) async throws(ResticError) -> [Snapshot] {
    var arguments = (lock ? [] : ["--no-lock"]) + ["snapshots", "--json"]
    if let tags { arguments += ["--tag", tags.filter] }
    let output = try await execute(arguments)
    do {
      return try ResticJSON.decoder().decode([Snapshot].self, from: output.stdout)
        .sorted { $0.time < $1.time }
    } catch {
      throw .unexpectedOutput(command: "snapshots", detail: "\(error)")
    }
  }

  /// `restic check`, reading `readDataSubset` of the pack files too (`5%`, `1/10`; nil reads none).
  /// Returns restic's report; a damaged repository throws ``ResticError/failed(command:exitCode:message:)``.
  @discardableResult
  public func check(readDataSubset: String? = nil) async throws(ResticError) -> String {
    var arguments = ["check"]
    if let readDataSubset { arguments += ["--read-data-subset", readDataSubset] }
    return String(decoding: try await execute(arguments).stdout, as: UTF8.self)
  }

  /// Restores `snapshot` (an id, or `latest` among the snapshots carrying `tags`) into `target`, optionally only
  /// the paths matching `include`.
  public func restore(
    snapshot: String, target: String, include: [String] = [], tags: SnapshotTags? = nil
  ) async throws(ResticError) {
    var arguments = ["restore", snapshot, "--target", target]
    if let tags { arguments += ["--tag", tags.filter, "--host", SnapshotTags.fixedHost] }
    arguments += include.flatMap { ["--include", $0] }
    _ = try await execute(arguments)
  }

  /// Removes stale locks (`removeAll` also removes locks of running restic processes: only when none runs).
  public func unlock(removeAll: Bool = false) async throws(ResticError) {
    _ = try await execute(removeAll ? ["unlock", "--remove-all"] : ["unlock"])
  }

  /// The `summary` message among `restic backup --json` lines.
  static func summary(in stdout: Data) throws(ResticError) -> SnapshotSummary {
    let lines = String(decoding: stdout, as: UTF8.self).split(whereSeparator: \.isNewline)
    guard let line = lines.last(where: { $0.contains("\"message_type\":\"summary\"") }) else {
      throw .unexpectedOutput(command: "backup", detail: "no summary message in restic's JSON output")
    }
    do {
      return try JSONDecoder().decode(SnapshotSummary.self, from: Data(line.utf8))
    } catch {
      throw .unexpectedOutput(command: "backup", detail: "\(error)")
    }
  }

  /// restic's `--time` format.
  static func resticTime(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    // restic reads --time in its local time zone, which it takes from TZ or /etc/localtime as Foundation does.
    formatter.timeZone = TimeZone.current
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    return formatter.string(from: date)
  }
}
