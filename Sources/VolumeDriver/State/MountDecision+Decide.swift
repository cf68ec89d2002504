import Foundation

extension MountDecision {
  /// The next step of a Mount of `situation.record.name` on `situation.node`.
  ///
  /// In order: a running restore refuses with its percentage; the lease must be this node's (take it when free or
  /// expired, refuse when another node holds it live); a copy found current under this very lease mounts at once;
  /// otherwise the store decides — unreachable refuses (never empty), no snapshot at all starts empty (or keeps a
  /// local copy), a newest snapshot newer than the copy's base is restored.
  public static func decide(_ situation: MountSituation) -> MountDecision {
    let record = situation.record
    let volume = record.name
    if let percent = situation.restorePercent { return .refuse(.restoring(volume: volume, percent: percent)) }
    let lease: Lease
    switch Lease.takeOver(situation.lease, by: situation.node, now: situation.now, ttl: situation.ttl) {
    case .refused(let holder, _):
      return .refuse(.inUse(volume: volume, node: holder))
    case .acquired(let next):
      return .acquireLease(next)
    case .renewed(let renewed):
      guard record.leaseEpoch == renewed.epoch else { return .acquireLease(renewed) }
      lease = renewed
    }
    let intact = situation.localCopyExists && record.restoring == nil
    if intact && record.currentAtEpoch == lease.epoch { return .mount }
    guard let store = situation.store else { return .queryStore }
    switch store {
    case .unreachable(let reason):
      return .refuse(.storeUnreachable(volume: volume, reason: reason, releaseLease: !record.isMounted))
    case .noSnapshots:
      return intact ? .adoptLocalCopy : .startEmpty
    case .newest(let newest):
      if intact, let base = record.base, base.id == newest.id || base >= newest { return .adoptLocalCopy }
      if record.isMounted { return .refuse(.replacedWhileMounted(volume: volume)) }
      return .startRestoreInBackground(newest)
    }
  }
}
