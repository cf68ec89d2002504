import Foundation

/// Why a restic operation failed, kept apart so callers can say what to fix.
///
/// Every message quotes restic's own stderr line (the `Fatal: …` one when there is one), with any literal password
/// replaced by `***`; the repository password never appears in an error.
public enum ResticError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The restic binary is not where skep looks for it.
  case binaryMissing(path: String)
  /// There is no repository at the location (not initialized, or a wrong path).
  case repositoryNotFound(repository: String, message: String)
  /// The repository's place cannot be reached (NAS not mounted, host down, permission denied, …).
  case repositoryUnreachable(repository: String, message: String)
  /// restic's "wrong password or no key found".
  case wrongPassword(repository: String)
  /// Another restic holds a conflicting lock; `restic unlock` removes stale ones.
  case locked(message: String)
  /// The process producing a `--stdin` backup failed or was cut off; no snapshot was kept.
  case producerFailed(reason: String)
  /// restic printed something skep could not read (a bug, or a restic version skep does not know).
  case unexpectedOutput(command: String, detail: String)
  /// `restic backup` found no file to save (an empty folder, or every file excluded): restic 0.14 keeps no empty
  /// snapshot ("unable to save snapshot: snapshot is empty").
  case emptySnapshot
  /// Any other failure of `restic COMMAND`.
  case failed(command: String, exitCode: Int32, message: String)

  public var description: String {
    switch self {
    case .binaryMissing(let path):
      return "restic is not installed at \(path) (install the 'restic' package, 0.14 or newer)"
    case .repositoryNotFound(let repository, let message):
      return "no restic repository at \(repository) (run 'skep backup init'): \(message)"
    case .repositoryUnreachable(let repository, let message):
      return "cannot reach the restic repository at \(repository): \(message)"
    case .wrongPassword(let repository):
      return "wrong password for the restic repository at \(repository) (restic: wrong password or no key found)"
    case .locked(let message):
      return "the restic repository is locked by another restic; if none is running, 'restic unlock' removes"
        + " stale locks: \(message)"
    case .producerFailed(let reason):
      return "the dump failed, no snapshot was kept: \(reason)"
    case .unexpectedOutput(let command, let detail):
      return "unexpected output from 'restic \(command)': \(detail)"
    case .emptySnapshot:
      return "no file to back up: restic keeps no empty snapshot"
    case .failed(let command, let exitCode, let message):
      return "'restic \(command)' failed (exit \(exitCode)): \(message)"
    }
  }

  /// True when the user can fix the cause (everything but unreadable output, which is a bug).
  public var isUserFixable: Bool {
    if case .unexpectedOutput = self { return false }
    return true
  }
}

/// Turns restic 0.14's stderr into a ``ResticError``.
enum ResticErrorClassifier {
  static func classify(
    command: String, exitCode: Int32, stderr: String, repository: String, secrets: [String]
  ) -> ResticError {
    // Classify on restic's own words; only the quoted line is redacted (a password could be any word).
    let line = redact(mainLine(of: stderr), secrets: secrets)
    let lower = stderr.lowercased()
    if command == "backup", lower.contains("snapshot is empty") {
      return .emptySnapshot
    }
    if lower.contains("wrong password or no key found") {
      return .wrongPassword(repository: repository)
    }
    if lower.contains("repository is already locked") || lower.contains("unable to create lock") {
      return .locked(message: line)
    }
    if lower.contains("unable to open config file") && lower.contains("no such file or directory")
      || lower.contains("is there a repository at the following location") || lower.contains("does not exist")
    {
      return .repositoryNotFound(repository: repository, message: line)
    }
    let unreachable = [
      "unable to open repository", "permission denied", "connection refused", "no route to host", "no such host",
      "i/o timeout", "unable to start the sftp session", "ssh: ", "dial tcp", "network is unreachable",
      "unable to open config file",
    ]
    if unreachable.contains(where: { lower.contains($0) }) {
      return .repositoryUnreachable(repository: repository, message: line)
    }
    return .failed(command: command, exitCode: exitCode, message: line)
  }

  /// The line that says what went wrong: restic's `Fatal: …`, else the last non-empty line.
  static func mainLine(of stderr: String) -> String {
    let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    if let fatal = lines.first(where: { $0.hasPrefix("Fatal:") }) {
      return String(fatal.dropFirst("Fatal:".count)).trimmingCharacters(in: .whitespaces)
    }
    if let lock = lines.first(where: { $0.contains("already locked") }) { return lock }
    return lines.last ?? "no message on stderr"
  }

  static func redact(_ text: String, secrets: [String]) -> String {
    secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
  }
}
