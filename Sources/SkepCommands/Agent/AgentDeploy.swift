import ArgumentParser
import Backup
import Cluster
import DockerEngine
import Foundation
import Logging
import VolumeAgent

/// `skep agent deploy`: the `skep-agent` global service (the volume driver on every node), activated everywhere.
struct AgentDeploy: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy",
    abstract: "Run the skep volume driver on every node (the skep-agent global service) and activate it.",
    discussion: """
      Needs `skep backup init` first (the repository and its password secret). The repository must be a path \
      every node mounts at the same place (a NAS share): the driver keeps its leases in REPOSITORY/skep/leases. \
      Each node gets /var/lib/skep/volumes and /run/docker/plugins if missing, then the agent; once every node \
      runs it, each node's dockerd is made to use the driver once, so the swarm places tasks that need it. A \
      rerun with the same settings changes nothing.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Option(help: "The skep image (default: REGISTRY/skep:latest).")
  var image: String?

  @Option(help: "Seconds a lease lives without a heartbeat: how long a dead node's volumes wait before moving.")
  var leaseTtl: Double = 45

  @Option(help: "Seconds between heartbeats.")
  var heartbeat: Double = 10

  @Option(help: "Seconds between snapshots of mounted volumes (0: only the final one when a container stops).")
  var snapshotInterval: Double = 3600

  @Option(
    help: "Seconds a Mount waits for a restore before answering \"restoring V: N %, retrying\" (the swarm retries).")
  var restoreWait: Double = 30

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
  }

  func run() async throws {
    let context = try await BackupContext.load(global: global)
    guard context.repositoryKind == .local else {
      throw CommandFailure(
        "the volume driver keeps its leases beside the repository, so backup.repository must be a path every node "
          + "mounts (a NAS share); \(context.repository) is not (sftp: and s3: are not supported by the driver yet)",
        exitCode: .invalidInput)
    }
    let secretID = try await context.requirePasswordSecret()
    let wanted = AgentDeployment(
      image: try context.image(image), repository: context.repository,
      dockerSocketSource: BackupJobs.dockerSocketSource(nodes: context.inventory.nodes), leaseTTL: leaseTtl,
      heartbeat: heartbeat, snapshotInterval: snapshotInterval, restoreWait: restoreWait)
    let members = Set(try await context.manager.nodes().compactMap { $0.description?.hostname })
    var nodes: [AgentNode] = []
    for node in context.inventory.nodes where members.contains(node.name) {
      nodes.append(AgentNode(name: node.name, engine: try context.engines.client(node.name)))
    }
    guard !nodes.isEmpty else {
      throw CommandFailure("no inventory node is in the swarm: run skep cluster up first", exitCode: .invalidInput)
    }
    let service = AgentService(manager: context.manager, logger: Logger(label: "skep.agent.deploy"))
    let action: AgentDeployAction
    do {
      action = try await service.deploy(wanted, secretID: secretID, nodes: nodes)
    } catch let error as AgentServiceError {
      throw CommandFailure(error.description)
    }
    let report = AgentDeployReport(
      service: AgentDeployment.serviceName, image: wanted.image, action: action, nodes: nodes.map(\.name),
      leases: "\(context.repository)/skep/leases", leaseTTL: leaseTtl, snapshotInterval: snapshotInterval)
    if output.json {
      try JSONOutput.print(report)
    } else {
      let what = action == .unchanged ? "already running as asked" : action.rawValue
      print("\(report.service) \(what): the skep volume driver answers on \(report.nodes.joined(separator: ", "))")
      print(
        "leases in \(report.leases) (TTL \(Int(leaseTtl)) s); snapshots of mounted volumes every \(Int(snapshotInterval)) s"
      )
    }
  }
}

/// What `agent deploy` did; `--json` prints it.
struct AgentDeployReport: Encodable {
  var service: String
  var image: String
  var action: AgentDeployAction
  var nodes: [String]
  var leases: String
  var leaseTTL: Double
  var snapshotInterval: Double
}
