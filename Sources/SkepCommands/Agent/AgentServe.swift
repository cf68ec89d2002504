import ArgumentParser
import Backup
import DockerEngine
import Foundation
import Logging
import VolumeAgent
import VolumeDriver

/// `skep agent serve`: the volume driver on this node, until SIGTERM. Runs in the `skep-agent` global service.
struct AgentServe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the skep volume driver on this node (the skep-agent service runs this).",
    shouldDisplay: false
  )

  @Option(help: "This node's name (the swarm hostname), written into leases and snapshot tags.")
  var node: String

  @OptionGroup var store: AgentRepositoryOptions

  @Option(help: "Where volumes and the driver's state live on the host.")
  var root = VolumeAgentDefaults.volumesRoot

  @Option(help: "The plugin socket the node's dockerd discovers.")
  var socket = VolumeAgentDefaults.socketPath

  @Option(help: "Seconds a lease lives without a heartbeat.")
  var leaseTtl: Double = 45

  @Option(help: "Seconds between heartbeats of held leases.")
  var heartbeat: Double = 10

  @Option(help: "Seconds between snapshots of mounted volumes (0: only the final one at unmount).")
  var snapshotInterval: Double = 3600

  @Option(help: "Seconds a Mount waits for a restore before answering \"restoring V: N %, retrying\".")
  var restoreWait: Double = 30

  @Option(help: "The node's Docker engine (to tell which containers still use a volume after a restart).")
  var docker: String = DockerEndpoint.defaultUnixSocket

  func validate() throws {
    guard heartbeat > 0, leaseTtl >= 3 * heartbeat else {
      throw ValidationError("--lease-ttl must be at least three heartbeats (--heartbeat > 0)")
    }
    guard snapshotInterval >= 0 else { throw ValidationError("--snapshot-interval must be 0 or more") }
    guard (0...80).contains(restoreWait) else {
      throw ValidationError(
        "--restore-wait must be between 0 and 80 seconds (Docker gives Mount 120, and a Mount may first wait 20 s for a release)"
      )
    }
    guard store.repository.hasPrefix("/") else {
      throw ValidationError(
        "the volume driver keeps its leases beside the repository: --repository must be a path every node mounts "
          + "(a NAS share), not \(store.repository)")
    }
  }

  func run() async throws {
    let logger = Logger(label: "skep.agent")
    let environment = ProcessInfo.processInfo.environment
    let restic = Restic(
      repository: store.resticRepository, binary: AgentBackup.resticBinary(path: environment["PATH"]),
      cacheDirectory: environment["RESTIC_CACHE_DIR"], logger: logger)
    let client = DockerClient(endpoint: try DockerEndpoint.parse(docker), logger: Logger(label: "skep.docker"))
    let core = try VolumeAgentCore(
      configuration: VolumeAgentConfiguration(
        node: node, root: root, leaseTTL: leaseTtl, heartbeatInterval: heartbeat, snapshotInterval: snapshotInterval,
        restoreWait: restoreWait),
      leases: FileLeaseStore(repository: store.repository), store: ResticVolumeStore(restic: restic),
      users: DockerVolumeUsers(docker: client), logger: logger)
    let server = PluginServer(socketPath: socket, handler: core, logger: logger)
    logger.info("skep agent on \(node): volumes in \(root), leases in \(store.repository)/skep/leases")
    let work = Task {
      await withThrowingTaskGroup { group in
        group.addTask { await core.run() }
        group.addTask {
          try await server.run(ready: {
            // A restarted dockerd has forgotten the driver: use it once, so the node reports it to the swarm again.
            Task {
              if let failure = await DriverActivation.activate(node: node, engine: client, logger: logger) {
                logger.warning("node \(node): dockerd did not use the skep driver: \(failure)")
              }
            }
          })
        }
        if let failure = await group.nextResult(), case .failure(let error) = failure {
          logger.error("the plugin server stopped: \(error)")
        }
        group.cancelAll()
        core.finishQueue()
      }
    }
    let signals = StopSignals { number in
      logger.info("signal \(number): stopping (state is saved; held leases stay until the next start)")
      work.cancel()
    }
    defer { signals.cancel() }
    await work.value
  }
}
