import Foundation

/// Who may use a volume's data now: one node at a time, proven by a heartbeat, numbered by an epoch.
///
/// A lease is never deleted: a released lease keeps its epoch (``holder`` is `nil`), so the next holder's epoch is
/// always higher than every earlier one. A snapshot carries the epoch of the lease its node held, and a snapshot of a
/// lower epoch never wins over a higher one (``SnapshotPublishRule``).
public struct Lease: Sendable, Hashable, Codable {
  /// Increases by one at every change of holder (including a takeover of an expired lease); 1 for the first.
  public var epoch: UInt64
  /// The node holding the lease, or `nil` once released.
  public var holder: String?
  /// The holder's last heartbeat (or the release time).
  public var heartbeatAt: Date
  /// The volume's newest snapshot as of a release, named by the node that released it (its final snapshot); `nil`
  /// when the release named none, and on every lease written by a heartbeat.
  ///
  /// A lease taken over from such a release carries the name across ( ``takeOver(_:by:now:ttl:)``): the taker's
  /// compare-and-swap landed right on that release, and nobody can publish a snapshot of the volume without holding
  /// its lease, so no newer snapshot can exist and the taker restores it without listing the store first.
  public var snapshot: SnapshotRef?

  /// Creates a lease.
  public init(epoch: UInt64, holder: String?, heartbeatAt: Date, snapshot: SnapshotRef? = nil) {
    self.epoch = epoch
    self.holder = holder
    self.heartbeatAt = heartbeatAt
    self.snapshot = snapshot
  }

  /// Whether a node holds it and its last heartbeat is younger than `ttl`.
  public func isLive(now: Date, ttl: TimeInterval) -> Bool {
    holder != nil && now.timeIntervalSince(heartbeatAt) < ttl
  }

  /// The lease `node` would write to hold `current`'s volume, or why it cannot.
  ///
  /// - No lease yet → epoch 1. Released or expired (even the node's own) → epoch + 1; from a release, the snapshot it
  ///   named comes along (``snapshot``), from an expired lease nothing does (its holder may have published since).
  /// - Live and held by `node` → same epoch, fresh heartbeat (an agent restart keeps its lease).
  /// - Live and held by another node → refused.
  public static func takeOver(_ current: Lease?, by node: String, now: Date, ttl: TimeInterval) -> LeaseTakeover {
    guard let current else { return .acquired(Lease(epoch: 1, holder: node, heartbeatAt: now)) }
    if current.isLive(now: now, ttl: ttl), let holder = current.holder {
      if holder == node { return .renewed(Lease(epoch: current.epoch, holder: node, heartbeatAt: now)) }
      return .refused(holder: holder, epoch: current.epoch)
    }
    let named = current.holder == nil ? current.snapshot : nil
    return .acquired(Lease(epoch: current.epoch + 1, holder: node, heartbeatAt: now, snapshot: named))
  }

  /// The lease after a heartbeat by `node` holding `epoch`, or `nil` when that node no longer holds that epoch.
  ///
  /// An expired lease that nobody took over may still be renewed by its holder: the epoch proves nothing happened.
  public func heartbeat(by node: String, epoch: UInt64, now: Date) -> Lease? {
    guard holder == node, self.epoch == epoch else { return nil }
    return Lease(epoch: epoch, holder: node, heartbeatAt: now)
  }

  /// The lease after `node` releases `epoch` (same epoch, no holder), or `nil` when it does not hold it. `snapshot`
  /// names the volume's newest snapshot (the final one just published), or `nil` when the node cannot vouch for it.
  public func release(by node: String, epoch: UInt64, now: Date, snapshot: SnapshotRef? = nil) -> Lease? {
    guard holder == node, self.epoch == epoch else { return nil }
    return Lease(epoch: epoch, holder: nil, heartbeatAt: now, snapshot: snapshot)
  }
}

/// What ``Lease/takeOver(_:by:now:ttl:)`` decided.
public enum LeaseTakeover: Sendable, Hashable {
  /// Write this lease (a new epoch) with compare-and-swap.
  case acquired(Lease)
  /// The node already holds the live lease; write this one to refresh its heartbeat.
  case renewed(Lease)
  /// Another node holds a live lease.
  case refused(holder: String, epoch: UInt64)

  /// The lease to write, if any.
  public var lease: Lease? {
    switch self {
    case .acquired(let lease), .renewed(let lease): lease
    case .refused: nil
    }
  }
}
