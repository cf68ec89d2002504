import ArgumentParser
import Backup
import Cluster
import DockerEngine
import Foundation
import Logging
import SkepConfig
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

  @Option(
    help: """
      Seconds a lease lives without a heartbeat: how long a dead node's volumes wait before moving \
      (default: volumes.lease_ttl in skep.yml, else 45).
      """)
  var leaseTtl: Double?

  @Option(help: "Seconds between heartbeats (default: volumes.heartbeat in skep.yml, else 10).")
  var heartbeat: Double?

  @Option(
    help: """
      Seconds between snapshots of mounted volumes, 0: only the final one when a container stops \
      (default: volumes.snapshot_interval in skep.yml, else 3600).
      """)
  var snapshotInterval: Double?

  @Option(
    help: """
      Seconds a Mount waits for a restore before answering "restoring V: N %, retrying" (the swarm retries) \
      (default: volumes.restore_wait in skep.yml, else 30).
      """)
  var restoreWait: Double?

  /// Checks the flags given; `run()` checks the lease TTL against the heartbeat again once the inventory fills in
  /// the others.
  func validate() throws {
    let leaseMessage = "--lease-ttl must be at least three heartbeats (--heartbeat > 0)"
    if let heartbeat {
      guard heartbeat > 0 else { throw ValidationError(leaseMessage) }
      if let leaseTtl, leaseTtl < 3 * heartbeat { throw ValidationError(leaseMessage) }
    }
    if let snapshotInterval, snapshotInterval < 0 {
      throw ValidationError("--snapshot-interval must be 0 or more")
    }
    if let restoreWait, !(0...80).contains(restoreWait) {
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
    let settings = try DriverSettings(
      leaseTTL: leaseTtl, heartbeat: heartbeat, snapshotInterval: snapshotInterval, restoreWait: restoreWait,
      inventory: context.inventory)
    let secretID = try await context.requirePasswordSecret()
    let wanted = AgentDeployment(
      image: try context.image(image), repository: context.repository,
      dockerSocketSource: BackupJobs.dockerSocketSource(nodes: context.inventory.nodes),
      leaseTTL: settings.leaseTTL.seconds, heartbeat: settings.heartbeat.seconds,
      snapshotInterval: settings.snapshotInterval.seconds, restoreWait: settings.restoreWait.seconds)
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
      leases: "\(context.repository)/skep/leases", leaseTTL: settings.leaseTTL.seconds,
      snapshotInterval: settings.snapshotInterval.seconds)
    if output.json {
      try JSONOutput.print(report)
    } else {
      let what = action == .unchanged ? "already running as asked" : action.rawValue
      print("\(report.service) \(what): the skep volume driver answers on \(report.nodes.joined(separator: ", "))")
      print(
        "leases in \(report.leases) (TTL \(Int(report.leaseTTL)) s); snapshots of mounted volumes every \(Int(report.snapshotInterval)) s"
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

/// The driver's timings as `agent deploy` uses them: each flag given wins, else `volumes:` in the inventory, else the
/// built-in default. Each value says where it came from, for the one rule that spans two of them.
struct DriverSettings {
  struct Value {
    var seconds: Double
    /// "--heartbeat", "volumes.heartbeat at skep.yml:9:14" or "the default".
    var origin: String
  }

  var leaseTTL: Value
  var heartbeat: Value
  var snapshotInterval: Value
  var restoreWait: Value

  /// Fills in what the flags leave out and checks `lease TTL ≥ 3 × heartbeat` on the result.
  init(
    leaseTTL: Double?, heartbeat: Double?, snapshotInterval: Double?, restoreWait: Double?, inventory: Inventory
  ) throws {
    let section = inventory.volumes
    self.leaseTTL = Self.value(
      leaseTTL, flag: "--lease-ttl", section?.leaseTTL, key: "lease_ttl", default: VolumesSection.defaultLeaseTTL)
    self.heartbeat = Self.value(
      heartbeat, flag: "--heartbeat", section?.heartbeat, key: "heartbeat", default: VolumesSection.defaultHeartbeat)
    self.snapshotInterval = Self.value(
      snapshotInterval, flag: "--snapshot-interval", section?.snapshotInterval, key: "snapshot_interval",
      default: VolumesSection.defaultSnapshotInterval)
    self.restoreWait = Self.value(
      restoreWait, flag: "--restore-wait", section?.restoreWait, key: "restore_wait",
      default: VolumesSection.defaultRestoreWait)
    let times = Double(VolumesSection.heartbeatsPerLease)
    guard self.leaseTTL.seconds >= times * self.heartbeat.seconds else {
      throw CommandFailure(
        "the lease TTL must be at least three heartbeats, but it is \(Self.format(self.leaseTTL)) and the heartbeat "
          + "\(Self.format(self.heartbeat)); raise --lease-ttl (or lease_ttl under volumes: in \(inventory.file)) "
          + "to \(Self.seconds(times * self.heartbeat.seconds)) or more, or shorten the heartbeat",
        exitCode: .invalidInput)
    }
  }

  static func value(
    _ flagValue: Double?, flag: String, _ setting: VolumesSection.Setting?, key: String, default: Int
  ) -> Value {
    if let flagValue { return Value(seconds: flagValue, origin: flag) }
    if let setting { return Value(seconds: Double(setting.seconds), origin: "volumes.\(key) at \(setting.location)") }
    return Value(seconds: Double(`default`), origin: "the default")
  }

  static func format(_ value: Value) -> String { "\(seconds(value.seconds)) (\(value.origin))" }

  /// `45 s`, or `2.5 s` for a fractional flag.
  static func seconds(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? "\(Int(value)) s" : "\(value) s"
  }
}
