import Foundation

/// How one node's agent behaves: its name, where volumes live, and the timings of leases and snapshots.
public struct VolumeAgentConfiguration: Sendable, Hashable {
  /// This node's name (the swarm hostname), written into leases and snapshot tags.
  public var node: String
  /// Where volumes and the state file live on the host.
  public var root: String
  /// How long a lease lives without a heartbeat. Must exceed several heartbeats plus the worst clock skew.
  public var leaseTTL: TimeInterval
  /// How often held leases are renewed.
  public var heartbeatInterval: TimeInterval
  /// How often mounted volumes are snapshotted (0: never; the final snapshot at Unmount still happens).
  public var snapshotInterval: TimeInterval
  /// How long a Mount waits for a restore before answering "restoring V: N %, retrying".
  public var restoreWait: TimeInterval
  /// How long a lease held with no container may stay before it is released (a restore whose task went elsewhere).
  public var idleGrace: TimeInterval
  /// How long to wait before retrying a failed final snapshot.
  public var retryDelay: TimeInterval
  /// How long a Mount waits for another node to release the lease (its final snapshot) before answering "in use":
  /// a planned move then starts as soon as the old node is done, not at the swarm's next retry.
  public var inUseWait: TimeInterval

  /// Creates a configuration; the defaults suit a home lab (a dead node's volumes move after 45 s).
  public init(
    node: String, root: String = VolumeAgentDefaults.volumesRoot, leaseTTL: TimeInterval = 45,
    heartbeatInterval: TimeInterval = 10, snapshotInterval: TimeInterval = 3600, restoreWait: TimeInterval = 30,
    idleGrace: TimeInterval = 120, retryDelay: TimeInterval = 10, inUseWait: TimeInterval = 20
  ) {
    self.node = node
    self.root = root
    self.leaseTTL = leaseTTL
    self.heartbeatInterval = heartbeatInterval
    self.snapshotInterval = snapshotInterval
    self.restoreWait = restoreWait
    self.idleGrace = idleGrace
    self.retryDelay = retryDelay
    self.inUseWait = inUseWait
  }

  /// The persisted state file.
  public var stateFile: String { (root as NSString).appendingPathComponent("state.json") }
}
