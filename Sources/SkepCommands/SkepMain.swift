import ArgumentParser
import Foundation
import Logging

/// Entry point used by the tiny `skep` executable: bootstraps logging on stderr, then runs the command tree.
public enum SkepMain {
  public static func run() async {
    let level = LogLevelScan.level(in: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    do {
      var command = try SkepCommand.parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      SkepCommand.exit(withError: ExitMapping.map(error))
    }
  }
}

/// Finds `--log-level` before ArgumentParser runs, so logging is set up for the whole run.
enum LogLevelScan {
  static func level(in arguments: [String], environment: [String: String]) -> Logger.Level {
    var found = environment["SKEP_LOG_LEVEL"]
    for (index, argument) in arguments.enumerated() {
      if argument == "--log-level", index + 1 < arguments.count {
        found = arguments[index + 1]
      } else if argument.hasPrefix("--log-level=") {
        found = String(argument.dropFirst("--log-level=".count))
      }
    }
    return found.flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
  }
}
