import Foundation

/// A ``LeaseStore`` in one process's memory, for tests and simulations: an actor, so reads and CAS writes are
/// linearizable. ``unreachable`` makes every call throw, as a store that cannot be reached would.
public actor InMemoryLeaseStore: LeaseStore {
  var records: [String: VersionedLease] = [:]
  /// When set, every call throws ``LeaseStoreUnreachable`` with this reason.
  public var unreachable: String?

  /// Creates an empty store.
  public init() {}

  /// Makes the store unreachable (`reason`) or reachable again (`nil`).
  public func setUnreachable(_ reason: String?) { unreachable = reason }

  /// The volume's lease and version.
  public func read(volume: String) throws -> VersionedLease {
    if let unreachable { throw LeaseStoreUnreachable(reason: unreachable) }
    return records[volume] ?? VersionedLease(lease: nil, version: 0)
  }

  /// Writes when `expectedVersion` is the current version, bumping it.
  public func write(volume: String, lease: Lease, expectedVersion: UInt64) throws -> Bool {
    if let unreachable { throw LeaseStoreUnreachable(reason: unreachable) }
    let version = records[volume]?.version ?? 0
    guard version == expectedVersion else { return false }
    records[volume] = VersionedLease(lease: lease, version: version + 1)
    return true
  }
}

/// The error of a lease store that cannot be reached.
public struct LeaseStoreUnreachable: Error, Sendable, Hashable {
  /// Why (the store's own words).
  public var reason: String

  /// Creates the error.
  public init(reason: String) { self.reason = reason }
}
