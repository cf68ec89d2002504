import SkepConfig

/// A volume as the agent sees it on its node.
public struct ObservedVolume: Sendable, Hashable {
  /// The skep volume driver's name: its volumes are snapshotted by the driver on the node that holds their lease.
  public static let skepDriver = "skep"

  public var name: String
  /// Docker's volume driver; `local` volumes have files under the volumes root, `skep` ones in the driver's folder.
  public var driver: String
  public var labels: [String: String]
  /// For a `skep` volume: the lease epoch this node holds, or nil when another node (or none) holds it.
  public var heldEpoch: UInt64?

  /// Creates an observed volume.
  public init(name: String, driver: String = "local", labels: [String: String] = [:], heldEpoch: UInt64? = nil) {
    self.name = name
    self.driver = driver
    self.labels = labels
    self.heldEpoch = heldEpoch
  }
}

/// A container on the node and the named volumes it mounts.
public struct ObservedContainer: Sendable, Hashable {
  public var user: VolumeUser
  public var volumes: [String]

  /// Creates an observed container.
  public init(user: VolumeUser, volumes: [String]) {
    self.user = user
    self.volumes = volumes
  }
}

/// What the agent does with one volume: skip it, or back it up (files, then dumps).
public struct VolumePlan: Sendable, Hashable {
  /// Skip or back up.
  public enum Action: Sendable, Hashable {
    case skip(reason: String)
    case backup(FilesStep)
  }

  public var volume: String
  public var action: Action
}

/// The files snapshot of one volume and the dumps taken with it.
public struct FilesStep: Sendable, Hashable {
  public var decision: ConsistencyDecision
  public var tags: SnapshotTags
  public var excludes: [String]
  /// Dumps of the databases running on this volume, taken before any container is paused.
  public var dumps: [DumpStep]
  /// For a `skep` driver volume: the lease epoch this node holds; the driver takes the files snapshot (tagged with
  /// it) while the agent holds the containers frozen.
  public var driverEpoch: UInt64? = nil

  /// True when backing this volume up touches a container before restic first runs (freeze, hooks, dumps): the
  /// agent then opens the repository first.
  public var touchesContainers: Bool {
    decision.mode != .none || !decision.preHooks.isEmpty || !decision.postHooks.isEmpty || !dumps.isEmpty
  }
}

/// One logical dump, run as a Docker exec in its database container.
public struct DumpStep: Sendable, Hashable {
  public var container: String
  public var tags: SnapshotTags
  /// The command, or why the container cannot be dumped (no usable credentials).
  public var command: Result<DumpCommand, DumpCommandError>
}

/// Turns what the agent observed on its node into per-volume steps. Pure: no Docker, no files.
public enum VolumeBackupPlanner {
  /// Plans every volume of `volumes` (restricted to `options.volumes` when set), in name order. A database
  /// container is dumped once, with the first of its volumes (by name) that is backed up.
  public static func plan(
    volumes: [ObservedVolume], containers: [ObservedContainer], options: AgentBackupOptions
  ) -> [VolumePlan] {
    let wanted = Set(options.volumes)
    var dumped: Set<String> = []
    return volumes.filter { wanted.isEmpty || wanted.contains($0.name) }.sorted { $0.name < $1.name }.map {
      volume in
      if volume.driver == ObservedVolume.skepDriver, volume.heldEpoch == nil {
        return VolumePlan(
          volume: volume.name,
          action: .skip(
            reason: "skep driver volume not held on this node: the node holding its lease backs it up (an unused "
              + "one's snapshot at its last unmount covers it)"))
      }
      guard volume.driver == "local" || volume.driver == ObservedVolume.skepDriver else {
        return VolumePlan(
          volume: volume.name,
          action: .skip(reason: "driver '\(volume.driver)' is not local: skep backs up local and skep volumes only"))
      }
      let users = containers.filter { $0.volumes.contains(volume.name) }.map(\.user)
      let decision = ConsistencyPolicy.decide(
        volume: volume.name, volumeLabels: volume.labels, users: users, rule: options.rules.rule(for: volume.name))
      guard decision.backup else { return VolumePlan(volume: volume.name, action: .skip(reason: decision.reason)) }
      var dumps: [DumpStep] = []
      for user in users where user.isRunning && !dumped.contains(user.id) {
        guard let kind = DatabaseDetector.detect(user) else { continue }
        dumped.insert(user.id)
        let command = Result { () throws(DumpCommandError) in try DumpCommandBuilder.command(for: user, kind: kind) }
        dumps.append(
          DumpStep(container: user.name, tags: tags(volume.name, .dump, options.node, [user]), command: command))
      }
      let step = FilesStep(
        decision: decision, tags: tags(volume.name, .files, options.node, users),
        excludes: options.rules.rule(for: volume.name).exclude, dumps: dumps,
        driverEpoch: volume.driver == ObservedVolume.skepDriver ? volume.heldEpoch : nil)
      return VolumePlan(volume: volume.name, action: .backup(step))
    }
  }

  /// `volume=`, `kind=`, `node=`, and `stack=`/`service=` from the first user with swarm (or compose) labels.
  static func tags(_ volume: String, _ kind: SnapshotTags.Kind, _ node: String, _ users: [VolumeUser])
    -> SnapshotTags
  {
    func first(_ keys: [String]) -> String? {
      for user in users {
        for key in keys { if let value = user.labels[key], !value.isEmpty { return value } }
      }
      return nil
    }
    return SnapshotTags(
      volume: volume, kind: kind, node: node,
      stack: first(["com.docker.stack.namespace", "com.docker.compose.project"]),
      service: first(["com.docker.swarm.service.name", "com.docker.compose.service"]))
  }
}
