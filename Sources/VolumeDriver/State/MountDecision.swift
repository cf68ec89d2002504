import Foundation

/// Everything a Mount decision depends on, observed by the executor just before deciding.
public struct MountSituation: Sendable, Hashable {
  /// This node's name.
  public var node: String
  /// The volume's persisted record on this node.
  public var record: VolumeRecord
  /// Whether the volume's data directory exists on this node.
  public var localCopyExists: Bool
  /// The volume's lease as just read from the ``LeaseStore``.
  public var lease: Lease?
  /// The backup store's answer, or `nil` while it has not been asked (the decision says when it must be).
  public var store: StoreAnswer?
  /// The percentage of a restore running in the background on this node, if one runs.
  public var restorePercent: Int?
  /// The time of the observation.
  public var now: Date
  /// How long a lease lives without a heartbeat.
  public var ttl: TimeInterval

  /// Creates a situation.
  public init(
    node: String, record: VolumeRecord, localCopyExists: Bool, lease: Lease?, store: StoreAnswer? = nil,
    restorePercent: Int? = nil, now: Date, ttl: TimeInterval
  ) {
    self.node = node
    self.record = record
    self.localCopyExists = localCopyExists
    self.lease = lease
    self.store = store
    self.restorePercent = restorePercent
    self.now = now
    self.ttl = ttl
  }
}

/// The next step of a Mount. The executor performs it, updates the record, observes again and decides again until
/// the decision is ``mount`` or ``refuse(_:)``; each step is short, so Mount answers well within Docker's 2 minutes.
public enum MountDecision: Sendable, Hashable {
  /// The local copy is current and the lease is this node's: record the mount ID and answer with the mountpoint.
  case mount
  /// Write this lease with compare-and-swap (``LeaseStore/acquire(volume:node:now:ttl:attempts:)``), record its
  /// epoch (``VolumeRecord/leaseTaken(epoch:)``), then decide again; the restore or empty start follows.
  case acquireLease(Lease)
  /// Ask the backup store for the volume's newest snapshot (after the lease is held, so nothing newer can appear).
  case queryStore
  /// Restore this snapshot in the background (``VolumeRecord/restoreStarted(_:)`` first); if it ends within a few
  /// seconds decide again, otherwise answer with ``MountRefusal/restoring(volume:percent:)``.
  case startRestoreInBackground(SnapshotRef)
  /// The local copy is at least as new as the store's newest snapshot: ``VolumeRecord/adoptedLocalCopy(epoch:)``.
  case adoptLocalCopy
  /// The store answered that the volume has no snapshot at all: create an empty copy (removing any partial one),
  /// ``VolumeRecord/startedEmpty(epoch:)``.
  case startEmpty
  /// Fail the Mount with this error; the swarm retries the task (here or elsewhere).
  case refuse(MountRefusal)
}

/// Why a Mount fails. ``message`` is what Docker shows the user.
public enum MountRefusal: Sendable, Hashable, CustomStringConvertible {
  /// Another node holds a live lease.
  case inUse(volume: String, node: String)
  /// A restore runs in the background.
  case restoring(volume: String, percent: Int)
  /// The backup store could not be asked; never start empty then. `releaseLease`: this node took the lease for this
  /// Mount and no container uses the volume here, so it should give it back.
  case storeUnreachable(volume: String, reason: String, releaseLease: Bool)
  /// Containers on this node use a copy that another node's newer snapshot replaced after this node lost the lease.
  case replacedWhileMounted(volume: String)

  /// The message for `Err`.
  public var message: String {
    switch self {
    case .inUse(let volume, let node): "volume \(volume) is in use on node \(node)"
    case .restoring(let volume, let percent): "restoring \(volume): \(percent) %, retrying"
    case .storeUnreachable(let volume, _, _): "cannot reach the backup store, refusing to start \(volume) empty"
    case .replacedWhileMounted(let volume):
      "volume \(volume) changed on another node while mounted here; stop its containers on this node first"
    }
  }

  /// The message, then the store's reason when there is one (for logs).
  public var description: String {
    if case .storeUnreachable(_, let reason, _) = self { return "\(message) (\(reason))" }
    return message
  }
}
