import ArgumentParser
import ControlService
import Foundation
import Logging
import SkepConfig

/// `skep-control`: the skep-control service's own binary. It links the service and nothing of the CLI's other
/// commands (sandbox, build, node set-up), so the process that idles on a manager all day stays small; the jobs it
/// starts run the full `skep` beside it.
@main
struct SkepControl: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "skep-control",
    abstract: "The skep-control service: scheduler, run history, notifications, dashboard and metrics.",
    discussion: "`skep control deploy` runs it as a swarm service; `skep control serve` does the same by hand."
  )

  @Option(name: [.customShort("i"), .long], help: "Inventory file (default: $SKEP_INVENTORY, else ./skep.yml).")
  var inventory: String?

  @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
  var logLevel = "info"

  @OptionGroup var options: ControlServeOptions

  func validate() throws {
    guard Logger.Level(rawValue: logLevel.lowercased()) != nil else {
      throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
    }
  }

  func run() async throws {
    let level = Logger.Level(rawValue: logLevel.lowercased()) ?? .info
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    let path =
      inventory ?? ProcessInfo.processInfo.environment["SKEP_INVENTORY"].flatMap { $0.isEmpty ? nil : $0 }
      ?? "skep.yml"
    do {
      let loaded = try InventoryLoader.load(path: path)
      try await ControlService.serve(options, inventory: loaded, inventoryPath: path)
    } catch let error as InventoryError {
      Self.fail(error.location == nil ? "error: \(error.message)" : error.description, code: 2)
    } catch let error as ControlServiceError {
      Self.fail("error: \(error)", code: 2)
    }
  }

  /// Prints `message` on stderr and ends with `code` (skep's own exit codes: 2 for bad input).
  static func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    Foundation.exit(code)
  }
}
