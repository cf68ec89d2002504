import Foundation
import Logging
import SkepConfig

/// What the skep-control service is told on its command line, for both front ends: the `skep-control` binary the
/// swarm service runs, and `skep control serve` by hand.
///
/// Parsed here rather than by swift-argument-parser: the service's binary then does not link it, and that is
/// memory the process would keep mapped all day for a dozen options read once.
public struct ControlServeOptions: Sendable, Hashable {
  /// `--inventory`/`-i`; nil: `$SKEP_INVENTORY`, else `./skep.yml` (see ``inventoryPath(environment:)``).
  public var inventory: String?
  public var logLevel = "info"
  public var history: String
  public var port = ControlDeployment.defaultPort
  public var jobImage: String
  public var passwordFile: String?
  public var smtpPasswordFile: String?
  public var webhookTokenFile: String?
  public var clusterName: String?
  public var snapshotHistory = false

  public init(history: String, jobImage: String) {
    self.history = history
    self.jobImage = jobImage
  }

  /// The inventory this run uses: `--inventory`, then `$SKEP_INVENTORY`, then `./skep.yml` (as every skep command).
  public func inventoryPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    InventoryLoader.path(option: inventory, environment: environment)
  }

  /// The log levels `--log-level` takes (swift-log's).
  public static let logLevels = Logger.Level.allCases.map(\.rawValue)

  public static let usage = """
    USAGE: skep-control --history FILE --job-image IMAGE [options]

    The skep-control service: scheduler, run history, notifications, dashboard and metrics, until SIGTERM.
    `skep control deploy` runs it as a swarm service; `skep control serve` takes the same options.

    OPTIONS:
      -i, --inventory FILE      Inventory file (default: $SKEP_INVENTORY, else ./skep.yml).
      --history FILE            The SQLite file of the run history (its folder must exist).
      --job-image IMAGE         The skep image the jobs run.
      --port PORT               The dashboard's TCP port (default: \(ControlDeployment.defaultPort)).
      --password-file FILE      The file holding the dashboard password (none: the dashboard is open).
      --smtp-password-file FILE The file holding the SMTP password.
      --webhook-token-file FILE The file holding the webhook token.
      --cluster-name NAME       The name the dashboard shows (default: the inventory file's name, or its
                                folder's for skep.yml).
      --snapshot-history        Ask the node's skep volume driver for a snapshot of the history volume after
                                each recorded change.
      --log-level LEVEL         Log level on stderr: \(logLevels.joined(separator: ", "))
                                (default: info).
      -h, --help                Show this help.

    """

  /// Reads `--name value`, `--name=value` and the one flag; anything else is refused, naming it.
  /// - Throws: ``ControlServiceError`` (`.usage`; `.help` for `--help`).
  public static func parse(_ arguments: [String]) throws(ControlServiceError) -> ControlServeOptions {
    var values: [String: String] = [:]
    var snapshotHistory = false
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      switch argument {
      case "-h", "--help": throw ControlServiceError(.help, usage)
      case "--snapshot-history":
        snapshotHistory = true
        continue
      default: break
      }
      var name = argument == "-i" ? "--inventory" : argument
      var value: String?
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        value = String(argument[argument.index(after: equals)...])
      }
      guard valueOptions.contains(name) else {
        throw ControlServiceError(.usage, "unknown option or argument '\(argument)' (see --help)")
      }
      if value == nil {
        guard index < arguments.count else { throw ControlServiceError(.usage, "\(name) needs a value") }
        value = arguments[index]
        index += 1
      }
      values[name] = value
    }
    guard let history = values["--history"] else { throw ControlServiceError(.usage, "--history FILE is required") }
    guard let jobImage = values["--job-image"] else {
      throw ControlServiceError(.usage, "--job-image IMAGE is required")
    }
    var options = ControlServeOptions(history: history, jobImage: jobImage)
    if let port = values["--port"] {
      guard let number = Int(port), (1...65535).contains(number) else {
        throw ControlServiceError(.usage, "--port must be a TCP port (1-65535), not '\(port)'")
      }
      options.port = number
    }
    if let level = values["--log-level"] {
      guard logLevels.contains(level.lowercased()) else {
        throw ControlServiceError(.usage, "--log-level must be one of \(logLevels.joined(separator: ", "))")
      }
      options.logLevel = level.lowercased()
    }
    options.inventory = values["--inventory"]
    options.passwordFile = values["--password-file"]
    options.smtpPasswordFile = values["--smtp-password-file"]
    options.webhookTokenFile = values["--webhook-token-file"]
    options.clusterName = values["--cluster-name"]
    options.snapshotHistory = snapshotHistory
    return options
  }

  static let valueOptions: Set<String> = [
    "--inventory", "--log-level", "--history", "--job-image", "--port", "--password-file", "--smtp-password-file",
    "--webhook-token-file", "--cluster-name",
  ]
}

/// Why skep-control did not start: a command line it cannot use, a request for help, or an inventory without a
/// `schedule:` section. All are the CLI's exit code 2 (bad input; nothing was changed).
public struct ControlServiceError: Error, CustomStringConvertible {
  public enum Kind: Sendable { case usage, help, noSchedule }
  public var kind: Kind
  public var description: String

  public init(_ kind: Kind, _ description: String) {
    self.kind = kind
    self.description = description
  }
}
