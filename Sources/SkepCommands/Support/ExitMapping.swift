import ArgumentParser

/// Exit codes skep uses, documented in docs/cli.md.
public enum SkepExitCode: Int32, Sendable {
  /// Something failed while doing the work (engine error, process failure).
  case failure = 1
  /// The inventory or another input file is invalid; nothing was changed.
  case invalidInput = 2
  /// The action was refused because it would be unsafe (quorum, last manager); nothing was changed.
  case refused = 3
  /// A Docker engine could not be reached.
  case unreachable = 4
}

/// An error a command reports to the user, with the exit code it maps to.
public struct CommandFailure: Error, CustomStringConvertible {
  public var message: String
  public var exitCode: SkepExitCode

  public init(_ message: String, exitCode: SkepExitCode = .failure) {
    self.message = message
    self.exitCode = exitCode
  }

  public var description: String { message }
}

enum ExitMapping {
  static func map(_ error: Error) -> Error {
    if let failure = error as? CommandFailure {
      printError(errorLine(failure.message))
      return ExitCode(failure.exitCode.rawValue)
    }
    if let exitCodeConvertible = error as? SkepExitCodeConvertible {
      printError(errorLine(exitCodeConvertible.userMessage))
      return ExitCode(exitCodeConvertible.skepExitCode.rawValue)
    }
    return error
  }

  /// `error: MESSAGE`, unless the message already reads `file:line:column: error: …` like a compiler's.
  static func errorLine(_ message: String) -> String {
    let located = message.split(separator: " ", maxSplits: 1).first.map { head in
      head.hasSuffix(":") && head.split(separator: ":").count >= 3 && message.contains(": error: ")
    }
    return located == true ? message : "error: \(message)"
  }
}

/// Errors from library modules that know which exit code they deserve.
protocol SkepExitCodeConvertible: Error {
  var skepExitCode: SkepExitCode { get }
  var userMessage: String { get }
}

func printError(_ line: String) {
  var standardError = StandardErrorStream()
  print(line, to: &standardError)
}

struct StandardErrorStream: TextOutputStream {
  mutating func write(_ string: String) {
    FileHandleWriter.writeToStandardError(string)
  }
}
