import Foundation
import VolumeDriver

extension VolumeAgentCore {
  /// Mount as a loop of pure decisions (``MountDecision/decide(_:)``); each step is short, so Docker's two minutes
  /// are never reached: a long restore answers "restoring V: N %, retrying" and goes on in the background.
  func mountLocked(_ name: String, id: String) async throws -> String {
    var store: StoreAnswer?
    let waitUntil = Date().addingTimeInterval(configuration.inUseWait)
    var step = 0
    while step < 12 {
      step += 1
      if let ended = restores[name], ended.finished {
        restores[name] = nil
        if let failure = ended.failure {
          throw VolumeDriverError(.failed, "restoring \(name) failed: \(failure); retrying")
        }
      }
      var record = record(name)
      let lease: Lease?
      do {
        lease = observed(name, try await leases.read(volume: name), now: Date())
      } catch {
        throw refusal(.storeUnreachable(volume: name, reason: "\(error)", releaseLease: false))
      }
      let situation = MountSituation(
        node: configuration.node, record: record, localCopyExists: dataExists(name), lease: lease, store: store,
        restorePercent: restores[name].map(\.percent), now: Date(), ttl: configuration.leaseTTL)
      let decision = MountDecision.decide(situation)
      logger.debug("mount \(name): \(decision)")
      if case .refuse(.inUse) = decision, Date() < waitUntil {
        // Another node holds it: most often its final snapshot is running and the release comes within seconds.
        step -= 1
        try await Task.sleep(for: .milliseconds(500))
        continue
      }
      switch decision {
      case .mount:
        record.mounted(id: id)
        try save(record)
        idleSince[name] = nil
        // The first periodic snapshot comes one interval after the volume came into use here.
        if lastSnapshot[name] == nil { lastSnapshot[name] = Date() }
        logger.info("volume \(name) mounted (\(id.prefix(12))), lease epoch \(record.leaseEpoch ?? 0)")
        return try paths.mountpoint(of: name)
      case .acquireLease:
        let acquired: LeaseAcquisition
        do {
          acquired = try await leases.acquire(
            volume: name, node: configuration.node, now: Date(), ttl: configuration.leaseTTL)
        } catch {
          throw refusal(.storeUnreachable(volume: name, reason: "\(error)", releaseLease: false))
        }
        switch acquired {
        case .held(let held):
          record.leaseTaken(epoch: held.epoch)
          try save(record)
          idleSince[name] = Date()
          logger.info("volume \(name): lease epoch \(held.epoch) taken by \(configuration.node)")
          if let named = held.snapshot {
            // Taken right on top of a release that named the newest snapshot: no listing of the store needed.
            store = .newest(named)
          }
        case .inUse(let holder, _):
          if Date() < waitUntil {
            step -= 1
            try await Task.sleep(for: .milliseconds(500))
            continue
          }
          throw refusal(.inUse(volume: name, node: holder))
        case .contended:
          throw VolumeDriverError(.refused, "volume \(name): another node is taking its lease, retrying")
        }
      case .queryStore:
        store = await self.store.newest(volume: name)
      case .startRestoreInBackground(let snapshot):
        try await startRestore(name, snapshot: snapshot)
        if let failure = try await waitForRestore(name) { throw failure }
      case .adoptLocalCopy:
        if let epoch = record.leaseEpoch { record.adoptedLocalCopy(epoch: epoch) }
        try save(record)
      case .startEmpty:
        let data = try paths.mountpoint(of: name)
        try? FileManager.default.removeItem(atPath: data)
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        if let epoch = record.leaseEpoch { record.startedEmpty(epoch: epoch) }
        try save(record)
        logger.info("volume \(name) starts empty: the backup store has no snapshot of it")
      case .refuse(let reason):
        if case .storeUnreachable(_, _, true) = reason, let epoch = record.leaseEpoch {
          if (try? await leases.release(volume: name, node: configuration.node, epoch: epoch, now: Date())) == true {
            record.leaseReleased()
            try save(record)
          }
        }
        throw refusal(reason)
      }
    }
    throw VolumeDriverError(.failed, "volume \(name): the mount did not settle; retrying")
  }

  /// The lease as the decision may see it. Another node's lease counts as live until this node has seen that very
  /// version unchanged for a whole TTL on its own clock, whatever its heartbeat time says: after an outage of the
  /// store, the holder gets a full TTL to renew before anyone takes over, and clock skew between nodes cannot make a
  /// live lease look expired.
  func observed(_ name: String, _ read: VersionedLease, now: Date) -> Lease? {
    guard var lease = read.lease, let holder = lease.holder, holder != configuration.node else {
      observations[name] = nil
      return read.lease
    }
    let since: Date
    if let seen = observations[name], seen.version == read.version {
      since = seen.since
    } else {
      since = now
      observations[name] = (read.version, now)
    }
    if now.timeIntervalSince(since) < configuration.leaseTTL, !lease.isLive(now: now, ttl: configuration.leaseTTL) {
      lease.heartbeatAt = since
    }
    return lease
  }

  func refusal(_ reason: MountRefusal) -> VolumeDriverError {
    logger.warning("mount refused: \(reason.description)")
    return VolumeDriverError(.refused, reason.message)
  }

  /// Starts restoring `snapshot` into a fresh folder beside the data; the record says "restoring" first, so a copy
  /// cut short (crash, failure) is never mounted.
  func startRestore(_ name: String, snapshot: SnapshotRef) async throws {
    var record = record(name)
    record.restoreStarted(snapshot)
    try save(record)
    let incoming = (try volumeDirectory(name) as NSString).appendingPathComponent("incoming")
    try? FileManager.default.removeItem(atPath: incoming)
    try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
    restores[name] = RestoreProgress(snapshot: snapshot, directory: incoming, total: 0, failure: nil, finished: false)
    logger.info("volume \(name): restoring snapshot \(snapshot.id.prefix(8)) (epoch \(snapshot.epoch))")
    enqueue { await self.runRestore(name, snapshot: snapshot, into: incoming) }
  }

  func learnRestoreSize(_ name: String, snapshot: SnapshotRef) async {
    guard let total = try? await store.restoreSize(snapshot), restores[name]?.snapshot == snapshot else { return }
    restores[name]?.total = total
    logger.info("volume \(name): snapshot \(snapshot.id.prefix(8)) restores \(total) bytes")
  }

  /// Waits up to ``VolumeAgentConfiguration/restoreWait`` for the restore; nil once it is done (decide again), else
  /// the error to answer Docker with (still running, or failed).
  func waitForRestore(_ name: String) async throws -> VolumeDriverError? {
    let deadline = Date().addingTimeInterval(configuration.restoreWait)
    while let progress = restores[name], !progress.finished, Date() < deadline {
      try await Task.sleep(for: .milliseconds(50))
    }
    guard let progress = restores[name] else { return nil }
    if !progress.finished, !progress.sizeAsked {
      restores[name]?.sizeAsked = true
      // A long restore: its size is asked now, for the percentage (not before, where it would only compete with the
      // restore for the CPU; most restores end within the wait).
      enqueue { await self.learnRestoreSize(name, snapshot: progress.snapshot) }
    }
    if let failure = progress.failure {
      restores[name] = nil
      return VolumeDriverError(.failed, "restoring \(name) failed: \(failure); retrying")
    }
    if progress.finished {
      restores[name] = nil
      return nil
    }
    return refusal(.restoring(volume: name, percent: progress.percent))
  }

  /// The restore itself (background): restic into `incoming`, then `incoming` becomes `data`. The ending is
  /// synchronous on the actor (no lock): a Mount waiting for it polls ``restores`` and reads the record again.
  func runRestore(_ name: String, snapshot: SnapshotRef, into incoming: String) async {
    let started = Date()
    do {
      try await store.restore(snapshot, into: incoming)
      finishRestore(name, snapshot: snapshot, incoming: incoming, failure: nil, started: started)
    } catch {
      finishRestore(name, snapshot: snapshot, incoming: incoming, failure: "\(error)", started: started)
    }
  }

  func finishRestore(_ name: String, snapshot: SnapshotRef, incoming: String, failure: String?, started: Date) {
    var record = record(name)
    var failure = failure
    if failure == nil {
      do {
        let data = try paths.mountpoint(of: name)
        try? FileManager.default.removeItem(atPath: data)
        try FileManager.default.moveItem(atPath: incoming, toPath: data)
        record.restoreFinished(snapshot, epoch: record.leaseEpoch ?? 0)
        idleSince[name] = Date()
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        logger.info("volume \(name): snapshot \(snapshot.id.prefix(8)) restored in \(seconds) s")
      } catch {
        failure = "cannot move the restored files into place: \(error)"
      }
    }
    if let failure {
      record.restoring = nil
      try? FileManager.default.removeItem(atPath: incoming)
      logger.error("volume \(name): restore of \(snapshot.id.prefix(8)) failed: \(failure)")
    }
    do {
      try save(record)
    } catch {
      logger.error("\(error)")
    }
    restores[name]?.failure = failure
    restores[name]?.finished = true
  }
}
