import Foundation

/// A lease as read, with the version a compare-and-swap write must name.
public struct VersionedLease: Sendable, Hashable {
  /// The lease, or `nil` when the volume never had one.
  public var lease: Lease?
  /// The store's version of this record; 0 when there is none.
  public var version: UInt64

  /// Creates a read result.
  public init(lease: Lease?, version: UInt64) {
    self.lease = lease
    self.version = version
  }
}

/// Where leases live, shared by every node.
///
/// Requirement on a real store: reads and compare-and-swap writes are linearizable and visible to all nodes — once a
/// `write` returned `true`, every later `read` on any node sees it, and of two writes naming the same version at most
/// one succeeds. A store that cannot answer throws; callers then refuse to mount (fail closed).
public protocol LeaseStore: Sendable {
  /// The volume's lease and its version.
  func read(volume: String) async throws -> VersionedLease
  /// Writes `lease` only if the record's version is still `expectedVersion`; `false` when someone wrote first.
  func write(volume: String, lease: Lease, expectedVersion: UInt64) async throws -> Bool
}

/// The result of ``LeaseStore/acquire(volume:node:now:ttl:attempts:)``.
public enum LeaseAcquisition: Sendable, Hashable {
  /// The node now holds this lease (new epoch, or its own renewed).
  case held(Lease)
  /// Another node holds a live lease.
  case inUse(holder: String, epoch: UInt64)
  /// Every attempt lost a write race (a busy record); try again later.
  case contended
}

extension LeaseStore {
  /// Takes or renews the volume's lease for `node`: read, decide with ``Lease/takeOver(_:by:now:ttl:)``, CAS; on a
  /// lost race read again and decide again (the winner's lease is then live, so the loser gets `.inUse`).
  public func acquire(
    volume: String, node: String, now: Date, ttl: TimeInterval, attempts: Int = 3
  ) async throws -> LeaseAcquisition {
    for _ in 0..<max(attempts, 1) {
      let current = try await read(volume: volume)
      let decision = Lease.takeOver(current.lease, by: node, now: now, ttl: ttl)
      guard let lease = decision.lease else {
        if case .refused(let holder, let epoch) = decision { return .inUse(holder: holder, epoch: epoch) }
        continue
      }
      if try await write(volume: volume, lease: lease, expectedVersion: current.version) { return .held(lease) }
    }
    return .contended
  }

  /// Refreshes the heartbeat of `node`'s lease of `epoch`; `false` when the lease was lost (or the write raced).
  public func heartbeat(volume: String, node: String, epoch: UInt64, now: Date) async throws -> Bool {
    let current = try await read(volume: volume)
    guard let next = current.lease?.heartbeat(by: node, epoch: epoch, now: now) else { return false }
    return try await write(volume: volume, lease: next, expectedVersion: current.version)
  }

  /// Releases `node`'s lease of `epoch`, naming the volume's newest `snapshot` if the node knows it for sure;
  /// `false` when the node no longer held the lease.
  public func release(
    volume: String, node: String, epoch: UInt64, now: Date, snapshot: SnapshotRef? = nil
  ) async throws -> Bool {
    let current = try await read(volume: volume)
    guard let next = current.lease?.release(by: node, epoch: epoch, now: now, snapshot: snapshot) else { return false }
    return try await write(volume: volume, lease: next, expectedVersion: current.version)
  }
}
