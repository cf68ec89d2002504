import Foundation

/// One node's view of one skep volume, as `docker volume inspect` shows the driver's status there.
public struct NodeVolumeView: Sendable, Hashable {
  public var node: String
  public var name: String
  /// The driver's status map (``VolumeAgentCore`` fills it: state, leaseHolder, leaseHeartbeat, localBytes, …).
  public var status: [String: String]

  public init(node: String, name: String, status: [String: String]) {
    self.node = node
    self.name = name
    self.status = status
  }
}

/// One row of `skep volume ls`.
public struct VolumeListingRow: Sendable, Hashable, Codable {
  public enum State: String, Sendable, Hashable, Codable {
    /// A container uses it on ``node``.
    case mounted
    /// No container uses it; a node may still hold its lease a moment (final snapshot).
    case idle
    /// A node restores it.
    case restoring
    /// Its lease names a node that no longer renews it (dead or partitioned), or one outside the swarm.
    case orphaned
  }

  public var name: String
  /// The node holding the lease (or mounting it), if any.
  public var node: String?
  public var state: State
  /// Seconds since the holder's last heartbeat.
  public var leaseAgeSeconds: Double?
  public var leaseEpoch: UInt64?
  /// The local copy's size on ``node`` (else the largest copy seen).
  public var localBytes: Int64?
  /// When the newest snapshot any node knows of was taken (ISO 8601), and how long ago.
  public var newestSnapshot: String?
  public var newestSnapshotAgeSeconds: Double?
  /// Nodes that keep a local copy.
  public var copies: [String]
}

/// Merges the nodes' views into one row per volume.
public enum VolumeListing {
  /// The rows, by volume name; `members` are the swarm's node names, `ttl` the lease TTL.
  public static func rows(_ views: [NodeVolumeView], members: Set<String>, now: Date, ttl: TimeInterval)
    -> [VolumeListingRow]
  {
    let formatter = ISO8601DateFormatter()
    return Dictionary(grouping: views, by: \.name).map { name, views in
      let states = Dictionary(views.map { ($0.node, $0.status["state"] ?? "idle") }, uniquingKeysWith: { a, _ in a })
      let leaseView = views.first { !($0.status["leaseHolder"] ?? "").isEmpty }
      let holder = leaseView?.status["leaseHolder"]
      let heartbeat = leaseView?.status["leaseHeartbeat"].flatMap(formatter.date(from:))
      let age = heartbeat.map { now.timeIntervalSince($0) }
      let mountedOn = states.first { $0.value == "mounted" }?.key
      let restoringOn = states.first { $0.value == "restoring" }?.key
      let node = mountedOn ?? restoringOn ?? holder
      var state: VolumeListingRow.State =
        mountedOn != nil ? .mounted : restoringOn != nil ? .restoring : .idle
      if let holder, let age, age >= ttl || !members.contains(holder) { state = .orphaned }
      let sizes = views.compactMap { view in view.status["localBytes"].flatMap(Int64.init).map { (view.node, $0) } }
      let localBytes = sizes.first { $0.0 == node }?.1 ?? sizes.map(\.1).max()
      let snapshots = views.compactMap { $0.status["snapshotTime"].flatMap(formatter.date(from:)) }
      return VolumeListingRow(
        name: name, node: node, state: state, leaseAgeSeconds: age,
        leaseEpoch: leaseView?.status["leaseEpochInStore"].flatMap(UInt64.init), localBytes: localBytes,
        newestSnapshot: snapshots.max().map(formatter.string(from:)),
        newestSnapshotAgeSeconds: snapshots.max().map { now.timeIntervalSince($0) }, copies: sizes.map(\.0).sorted())
    }.sorted { $0.name < $1.name }
  }
}
