import ArgumentParser
import Backup
import DockerEngine
import Foundation
import Logging
import SkepConfig

/// `skep agent backup`: backs up this node's local volumes; one `BackupEvent` JSON line per volume and per dump on
/// stdout, logs on stderr. Exit 0 once every volume is reported, failed ones included; 1 only when the agent itself
/// could not work (the node's volumes unreadable). A failed volume is told by its event, not by the exit status: the
/// swarm (engine 26.1) starts a failed job task again despite its restart policy `none`, which backed the whole node
/// up a second time.
struct AgentBackup: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backup",
    abstract: "Back up this node's volumes into the restic repository (one JSON line per volume on stdout).",
    shouldDisplay: false
  )

  @Option(help: "This node's name, written into every event and the node= tag.")
  var node: String

  @Option(help: "Where the node's /var/lib/docker/volumes is mounted (a volume's files are at DIR/NAME/_data).")
  var volumesRoot: String

  @OptionGroup var store: AgentRepositoryOptions

  @Option(name: .customLong("volume"), help: "Only this volume (repeatable).")
  var volumes: [String] = []

  @Option(help: "Compression of new data: auto, max or off.")
  var compression: String = BackupCompression.auto.rawValue

  @Option(help: "Per-volume rules as JSON: {\"volumes\": {NAME: {\"backup\", \"consistency\", \"exclude\"}}}.")
  var rulesJson: String?

  @Option(help: "The node's Docker engine.")
  var docker: String = DockerEndpoint.defaultUnixSocket

  @Option(help: "The skep volume driver's socket on this node; its volumes are backed up through it when it exists.")
  var driverSocket: String = "/run/docker/plugins/skep.sock"

  func validate() throws {
    guard BackupCompression(rawValue: compression) != nil else {
      throw ValidationError("--compression must be auto, max or off")
    }
    if let rulesJson {
      do {
        _ = try AgentBackupRules.decode(json: rulesJson)
      } catch {
        throw ValidationError("--rules-json is not valid: \(error)")
      }
    }
  }

  func run() async throws {
    let logger = Logger(label: "skep.agent.backup")
    let rules = try rulesJson.map { try AgentBackupRules.decode(json: $0) } ?? AgentBackupRules()
    let client = DockerClient(endpoint: try DockerEndpoint.parse(docker), logger: Logger(label: "skep.docker"))
    let environment = ProcessInfo.processInfo.environment
    let restic = Restic(
      repository: store.resticRepository,
      binary: Self.resticBinary(path: environment["PATH"]),
      compression: BackupCompression(rawValue: compression) ?? .auto,
      cacheDirectory: environment["RESTIC_CACHE_DIR"], logger: logger)
    let node = node
    let containerGuard = ContainerGuard(docker: client, logger: logger) { change, container in
      guard let line = try? ContainerHoldLine(node: node, container: container, hold: change).jsonLine() else { return }
      FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
    let socket = DriverSocket(path: driverSocket)
    let agent = VolumeBackupAgent(
      options: AgentBackupOptions(node: node, volumesRoot: volumesRoot, volumes: volumes, rules: rules),
      docker: client, restic: restic, containerGuard: containerGuard, driver: socket.exists ? socket : nil,
      logger: logger)
    // The work runs in its own task so that a signal can cancel it: a cancelled restic is interrupted (SIGINT) and
    // removes its lock before the agent exits.
    let work = Task {
      try await agent.run { event in
        guard let line = try? event.jsonLine() else { return }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
      }
    }
    let signals = AgentSignalHandler(containerGuard: containerGuard) { work.cancel() }
    defer { signals.cancel() }
    let result = await work.result
    if let number = signals.received {
      // Stopped by a signal: whatever the work reported, put everything back and say so by the exit status.
      _ = await containerGuard.restoreAll()
      throw ExitCode(128 + number)
    }
    let events: [BackupEvent]
    do {
      events = try result.get()
    } catch {
      throw CommandFailure("cannot read node \(node)'s volumes and containers: \(error)")
    }
    let failed = events.filter { $0.status == .failed }
    if !failed.isEmpty {
      logger.error("\(failed.count) of \(events.count) backups failed on node \(node) (each is reported on stdout)")
    }
  }
}

extension AgentBackup {
  /// Where the agent finds restic: the first `restic` on `PATH`, else Debian's `/usr/bin/restic`.
  static func resticBinary(path: String?) -> String {
    for directory in (path ?? "").split(separator: ":") where !directory.isEmpty {
      let candidate = "\(directory)/restic"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return "/usr/bin/restic"
  }
}
