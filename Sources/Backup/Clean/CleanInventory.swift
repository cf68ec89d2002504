import Foundation

/// What `skep clean` observed on the nodes, as plain values: the input of ``CleanPlan``.
public struct CleanInventory: Sendable, Hashable {
  /// One node's containers, dangling images and volumes.
  public var nodes: [Node]
  /// Services labelled `skep.job=…` (swarm-wide), with their tasks' states.
  public var jobs: [JobService]

  /// Creates an inventory.
  public init(nodes: [Node], jobs: [JobService] = []) {
    self.nodes = nodes
    self.jobs = jobs
  }

  /// What one node holds.
  public struct Node: Sendable, Hashable {
    public var name: String
    /// Every container, running or not.
    public var containers: [Container]
    /// Images without a tag (`dangling=true`), by ID.
    public var danglingImages: [String]
    /// Labels of those images, by ID (only images that have labels).
    public var imageLabels: [String: [String: String]]
    /// Every volume.
    public var volumes: [Volume]

    /// Creates a node's inventory.
    public init(
      name: String, containers: [Container] = [], danglingImages: [String] = [], volumes: [Volume] = [],
      imageLabels: [String: [String: String]] = [:]
    ) {
      self.name = name
      self.containers = containers
      self.danglingImages = danglingImages
      self.imageLabels = imageLabels
      self.volumes = volumes
    }
  }

  /// A container and what matters about it for clean-up.
  public struct Container: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Docker's state: `running`, `paused`, `restarting`, `exited`, `created`, `dead`, `removing`.
    public var state: String
    public var labels: [String: String]
    /// The image reference as listed (an image ID when its tag moved on).
    public var image: String
    /// Names of the volumes it mounts.
    public var volumes: [String]
    /// When it last stopped using its volumes.
    public var lastUse: LastUse

    /// Creates a container value.
    public init(
      id: String, name: String, state: String, labels: [String: String] = [:], image: String = "",
      volumes: [String] = [], lastUse: LastUse = .never
    ) {
      self.id = id
      self.name = name
      self.state = state
      self.labels = labels
      self.image = image
      self.volumes = volumes
      self.lastUse = lastUse
    }

    /// Stopped: exited, created or dead.
    public var isStopped: Bool { ["exited", "created", "dead"].contains(state) }
    /// A swarm task's container (swarm owns it).
    public var isServiceTask: Bool { labels["com.docker.swarm.service.id"] != nil }
  }

  /// When a container last used its volumes.
  public enum LastUse: Sendable, Hashable {
    /// It never ran (`created`).
    case never
    /// It stopped at this time, or no later than it.
    case finished(Date)
    /// Not known: a volume it mounts cannot be judged.
    case unknown(String)
  }

  /// A volume on a node.
  public struct Volume: Sendable, Hashable {
    public var name: String
    public var driver: String
    public var labels: [String: String]
    public var createdAt: Date?

    /// Creates a volume value.
    public init(name: String, driver: String = "local", labels: [String: String] = [:], createdAt: Date?) {
      self.name = name
      self.driver = driver
      self.labels = labels
      self.createdAt = createdAt
    }

    /// Labelled `skep.backup=false`: never backed up, so never removed.
    public var optedOut: Bool { labels["skep.backup"]?.lowercased() == "false" }
  }

  /// A skep job's service.
  public struct JobService: Sendable, Hashable {
    public var id: String
    public var name: String
    public var createdAt: Date?
    /// Every task's state (`complete`, `running`, …).
    public var taskStates: [String]
    public var labels: [String: String]

    /// Creates a job service value.
    public init(
      id: String, name: String, createdAt: Date?, taskStates: [String], labels: [String: String] = [:]
    ) {
      self.labels = labels
      self.id = id
      self.name = name
      self.createdAt = createdAt
      self.taskStates = taskStates
    }
  }
}

/// What the repository says about volumes: `kind=files` snapshots, or why it could not be read.
public enum CleanSnapshots: Sendable, Hashable {
  /// The repository's `kind=files` snapshots.
  case read([ProtectingSnapshot])
  /// The repository could not be read; no volume may be removed.
  case unreadable(String)
}

/// A `kind=files` snapshot of a volume, made on a node.
public struct ProtectingSnapshot: Sendable, Hashable {
  public var volume: String
  /// The `node=` tag; a snapshot protects only the volume of that node.
  public var node: String?
  public var time: Date
  public var shortID: String

  /// Creates a snapshot value.
  public init(volume: String, node: String?, time: Date, shortID: String) {
    self.volume = volume
    self.node = node
    self.time = time
    self.shortID = shortID
  }

  /// The `kind=files` snapshots among restic's.
  public static func files(_ snapshots: [Snapshot]) -> [ProtectingSnapshot] {
    snapshots.compactMap { snapshot in
      let tags = snapshot.skepTags
      guard tags.kind == .files, !tags.volume.isEmpty else { return nil }
      return ProtectingSnapshot(volume: tags.volume, node: tags.node, time: snapshot.time, shortID: snapshot.shortID)
    }
  }
}
