import ArgumentParser
import Foundation
import Logging

/// Options every command accepts.
public struct GlobalOptions: ParsableArguments {
  @Option(name: [.customShort("i"), .long], help: "Inventory file (default: $SKEP_INVENTORY, else ./skep.yml).")
  public var inventory: String?

  @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
  public var logLevel: String = "info"

  public init() {}

  public func validate() throws {
    guard Logger.Level(rawValue: logLevel.lowercased()) != nil else {
      throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
    }
  }

  /// The inventory path this run uses, following `--inventory`, then `$SKEP_INVENTORY`, then `./skep.yml`.
  public var inventoryPath: String {
    if let inventory { return inventory }
    if let fromEnvironment = ProcessInfo.processInfo.environment["SKEP_INVENTORY"], !fromEnvironment.isEmpty {
      return fromEnvironment
    }
    return "skep.yml"
  }
}

/// `--json` for commands that print data.
public struct OutputOptions: ParsableArguments {
  @Flag(help: "Print machine-readable JSON on stdout instead of a table.")
  public var json = false

  public init() {}
}
