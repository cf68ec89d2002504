import Foundation
import RunHistory

/// Everything the dashboard page and the metrics endpoint show, gathered once by skep-control (from the Docker
/// engine, the snapshot list and the run history) and rendered here without further I/O.
public struct DashboardSnapshot: Sendable {
  /// When the data was gathered: every age and "in …" on the page is computed against it, not the clock.
  public var generated: Date
  /// The cluster's name (`home-lab`), shown in the title.
  public var clusterName: String
  /// Manager nodes in the swarm.
  public var managers: Int
  /// Managers that answer (`reachable`).
  public var reachableManagers: Int
  /// How many more managers may fail before the swarm loses its quorum (computed by the caller, never negative).
  public var quorumTolerance: Int
  /// One row per node.
  public var nodes: [NodeRow]
  /// One row per service.
  public var services: [ServiceRow]
  /// One row per volume backed up.
  public var volumes: [VolumeRow]
  /// Why volume or snapshot data is missing or old (`snapshot list failed: …`); shown when set.
  public var volumesNote: String?
  /// A volume whose newest snapshot is older than this (or that has none) is stale.
  public var staleAfter: TimeInterval
  /// One row per job of `schedule:`.
  public var schedule: [ScheduledJobRow]
  /// The history's summary per job (counts, last run, bytes added) and recent failures.
  public var history: HistorySummary
  /// Recent runs, newest first, without items.
  public var recentRuns: [JobRun]

  /// Creates a snapshot; every list defaults to empty.
  public init(
    generated: Date, clusterName: String, managers: Int = 0, reachableManagers: Int = 0, quorumTolerance: Int = 0,
    nodes: [NodeRow] = [], services: [ServiceRow] = [], volumes: [VolumeRow] = [], volumesNote: String? = nil,
    staleAfter: TimeInterval = 36 * 3600, schedule: [ScheduledJobRow] = [],
    history: HistorySummary = HistorySummary(jobs: [], failures: [], totalRuns: 0), recentRuns: [JobRun] = []
  ) {
    self.generated = generated
    self.clusterName = clusterName
    self.managers = managers
    self.reachableManagers = reachableManagers
    self.quorumTolerance = quorumTolerance
    self.nodes = nodes
    self.services = services
    self.volumes = volumes
    self.volumesNote = volumesNote
    self.staleAfter = staleAfter
    self.schedule = schedule
    self.history = history
    self.recentRuns = recentRuns
  }

  /// True when the volume has no snapshot, or its newest is older than ``staleAfter`` at ``generated``.
  public func isStale(_ volume: VolumeRow) -> Bool {
    guard let newest = volume.newestSnapshot else { return true }
    return generated.timeIntervalSince(newest) > staleAfter
  }
}

/// A swarm node as the dashboard shows it.
public struct NodeRow: Sendable, Hashable {
  /// The node's hostname.
  public var name: String
  /// `manager` or `worker`.
  public var role: String
  /// `ready`, `down`, `unknown`…
  public var state: String
  /// `active`, `drain` or `pause`.
  public var availability: String
  /// `reachable` or `unreachable` for a manager; nil for a worker.
  public var reachability: String?
  /// True for the swarm's leader.
  public var isLeader: Bool
  /// The Docker engine's version.
  public var engine: String
  /// The node's address, when known.
  public var address: String?
  /// Free bytes on the disk holding Docker's data, when known.
  public var diskFree: Int64?
  /// Size of that disk in bytes, when known.
  public var diskTotal: Int64?

  /// Creates a node row.
  public init(
    name: String, role: String, state: String, availability: String, reachability: String? = nil,
    isLeader: Bool = false, engine: String, address: String? = nil, diskFree: Int64? = nil, diskTotal: Int64? = nil
  ) {
    self.name = name
    self.role = role
    self.state = state
    self.availability = availability
    self.reachability = reachability
    self.isLeader = isLeader
    self.engine = engine
    self.address = address
    self.diskFree = diskFree
    self.diskTotal = diskTotal
  }
}

/// A swarm service as the dashboard shows it.
public struct ServiceRow: Sendable, Hashable {
  /// The service's name.
  public var name: String
  /// Its image reference.
  public var image: String
  /// `replicated`, `global`, `replicated-job` or `global-job`.
  public var mode: String
  /// Tasks running now.
  public var running: Int
  /// Tasks wanted; nil when the mode has no fixed number (global).
  public var desired: Int?

  /// Creates a service row.
  public init(name: String, image: String, mode: String, running: Int, desired: Int? = nil) {
    self.name = name
    self.image = image
    self.mode = mode
    self.running = running
    self.desired = desired
  }
}

/// A backed-up volume and its newest snapshot.
public struct VolumeRow: Sendable, Hashable {
  /// The volume's name.
  public var name: String
  /// Its volume driver.
  public var driver: String
  /// The node it lives on now, when known.
  public var node: String?
  /// When its newest snapshot was taken; nil when it has none.
  public var newestSnapshot: Date?
  /// The newest snapshot's id.
  public var snapshotID: String?
  /// The volume's size in bytes, when known.
  public var bytes: Int64?

  /// Creates a volume row.
  public init(
    name: String, driver: String, node: String? = nil, newestSnapshot: Date? = nil, snapshotID: String? = nil,
    bytes: Int64? = nil
  ) {
    self.name = name
    self.driver = driver
    self.node = node
    self.newestSnapshot = newestSnapshot
    self.snapshotID = snapshotID
    self.bytes = bytes
  }
}

/// A job of `schedule:` and when it runs next.
public struct ScheduledJobRow: Sendable, Hashable {
  /// The job's name.
  public var job: String
  /// Its cron expression as written in the inventory.
  public var cron: String
  /// False when the job is switched off.
  public var enabled: Bool
  /// Its next due time; nil when disabled or never due.
  public var nextDue: Date?
  /// True while a run of it goes on.
  public var isRunning: Bool

  /// Creates a schedule row.
  public init(job: String, cron: String, enabled: Bool = true, nextDue: Date? = nil, isRunning: Bool = false) {
    self.job = job
    self.cron = cron
    self.enabled = enabled
    self.nextDue = nextDue
    self.isRunning = isRunning
  }
}
