import Foundation
import VolumeDriver

extension VolumeAgentCore {
  /// The last container left: snapshot under the lease, then release it. Retried while it fails, lease kept and
  /// heartbeated (releasing without the snapshot would let another node start from older data).
  func finalSnapshot(_ name: String) async {
    guard !finalSnapshotsRunning.contains(name) else { return }
    finalSnapshotsRunning.insert(name)
    defer { finalSnapshotsRunning.remove(name) }
    while !Task.isCancelled {
      guard let record = state.volumes[name], record.finalSnapshotPending, let epoch = record.leaseEpoch else { return }
      do {
        guard let snapshot = try await publishSnapshot(name, epoch: epoch)?.ref else {
          try? await withVolume(name) {
            var record = self.record(name)
            record.leaseLost()
            try save(record)
          }
          logger.warning("volume \(name): the lease moved on before the final snapshot; no snapshot published")
          return
        }
        try await withVolume(name) {
          var record = self.record(name)
          switch record.finalSnapshotPublished(snapshot) {
          case .keepLease:
            try save(record)
          case .release(let epoch):
            try save(record)
            // The final snapshot is the newest there is: named in the release, the next node restores it at once.
            let released = try await leases.release(
              volume: name, node: configuration.node, epoch: epoch, now: Date(), snapshot: snapshot)
            if released {
              record.leaseReleased()
              try save(record)
              logger.info("volume \(name): final snapshot \(snapshot.id.prefix(8)) published, lease \(epoch) released")
            }
          }
        }
        return
      } catch {
        logger.error("volume \(name): final snapshot failed (\(error)); lease kept, retrying")
        try? await Task.sleep(for: .seconds(configuration.retryDelay))
      }
    }
  }

  /// Snapshots the volume's data under the lease of `epoch`: checked before (a lost lease publishes nothing) and
  /// after the upload (a snapshot that lost the race to a newer epoch is forgotten). Nil when the lease was lost.
  func publishSnapshot(_ name: String, epoch: UInt64) async throws -> TakenSnapshot? {
    let before = try await leases.read(volume: name).lease
    guard before?.holder == configuration.node, SnapshotPublishRule.accepts(epoch: epoch, lease: before) else {
      return nil
    }
    let taken = try await store.takeSnapshot(
      volume: name, directory: try paths.mountpoint(of: name), node: configuration.node, epoch: epoch)
    let after = try await leases.read(volume: name).lease
    switch SnapshotPublishRule.afterUpload(taken.ref, lease: after) {
    case .keep:
      lastSnapshot[name] = Date()
      return taken
    case .forget:
      try? await store.forget(taken.ref)
      return nil
    }
  }

  /// Releases a lease held with no container and an unchanged copy.
  func releaseIdle(_ name: String, epoch: UInt64) async {
    try? await withVolume(name) {
      var record = self.record(name)
      guard !record.isMounted, record.leaseEpoch == epoch else { return }
      if try await leases.release(volume: name, node: configuration.node, epoch: epoch, now: Date()) {
        logger.info("volume \(name): lease \(epoch) released (no container uses it here)")
      }
      record.leaseReleased()
      try save(record)
      idleSince[name] = nil
    }
  }

  /// One tick: heartbeats for every held lease, idle leases released after the grace, periodic snapshots due.
  func tick(now: Date) async {
    for (name, record) in state.volumes {
      guard let epoch = record.leaseEpoch else { continue }
      if heartbeatDue(name, now: now) { await heartbeat(name, epoch: epoch, now: now) }
      guard let current = state.volumes[name], current.leaseEpoch == epoch else { continue }
      if !current.isMounted, restores[name] == nil, !current.finalSnapshotPending {
        let since = idleSince[name] ?? now
        idleSince[name] = since
        if now.timeIntervalSince(since) >= configuration.idleGrace {
          var decided = current
          switch decided.idleLeaseDecision() {
          case .releaseWithoutSnapshot(let epoch)?:
            enqueue { await self.releaseIdle(name, epoch: epoch) }
          case .snapshotThenRelease?:
            try? save(decided)
            enqueue { await self.finalSnapshot(name) }
          default:
            break
          }
        }
      }
      if current.isMounted, configuration.snapshotInterval > 0 {
        let last = lastSnapshot[name] ?? current.base?.time ?? .distantPast
        if now.timeIntervalSince(last) >= configuration.snapshotInterval, !finalSnapshotsRunning.contains(name) {
          lastSnapshot[name] = now
          enqueue { await self.periodicSnapshot(name, epoch: epoch) }
        }
      }
    }
  }

  func heartbeatDue(_ name: String, now: Date) -> Bool {
    guard let last = heartbeats[name] else { return true }
    return now.timeIntervalSince(last) >= configuration.heartbeatInterval
  }

  func heartbeat(_ name: String, epoch: UInt64, now: Date) async {
    do {
      if try await leases.heartbeat(volume: name, node: configuration.node, epoch: epoch, now: now) {
        heartbeats[name] = now
        return
      }
      let current = try await leases.read(volume: name).lease
      if current?.holder == configuration.node, current?.epoch == epoch { return }  // a raced write: next tick
      var record = self.record(name)
      guard record.leaseEpoch == epoch else { return }
      record.leaseLost()
      try save(record)
      logger.error(
        "volume \(name): lease \(epoch) lost (now epoch \(current?.epoch ?? 0) on \(current?.holder ?? "no node"))")
    } catch {
      logger.warning("volume \(name): heartbeat failed: \(error)")
    }
  }

  /// A snapshot of a mounted volume while it runs (crash-consistent: what is on disk at that moment).
  func periodicSnapshot(_ name: String, epoch: UInt64) async {
    guard state.volumes[name]?.isMounted == true else { return }
    do {
      guard let snapshot = try await publishSnapshot(name, epoch: epoch)?.ref else { return }
      var record = self.record(name)
      record.periodicSnapshotPublished(snapshot)
      try save(record)
      logger.info("volume \(name): periodic snapshot \(snapshot.id.prefix(8)) (epoch \(epoch))")
    } catch {
      logger.error("volume \(name): periodic snapshot failed: \(error)")
    }
  }

  /// After a restart: the records with the store's leases and the engine's running containers, then the steps.
  func recover() async {
    var held: [String: Lease] = [:]
    var running: Set<String> = []
    var engineAnswered = users != nil
    for (name, record) in state.volumes {
      if let epoch = record.leaseEpoch {
        do {
          if let lease = try await leases.read(volume: name).lease { held[name] = lease }
        } catch {
          // A store that cannot answer says nothing about the lease: keep the persisted one (mounts, heartbeats and
          // snapshots all read the store again before acting on it) rather than drop a lease still in use here.
          held[name] = Lease(epoch: epoch, holder: configuration.node, heartbeatAt: Date())
          logger.warning(
            "volume \(name): cannot read its lease (\(error)); keeping lease \(epoch) until the store answers")
        }
      }
      guard record.isMounted else { continue }
      if let users, let containers = await users.runningContainers(using: name) {
        // Docker's mount IDs are not container IDs: keep every ID while some container still uses the volume.
        if !containers.isEmpty { running.formUnion(record.mountIDs) }
      } else {
        engineAnswered = false
      }
    }
    let result = state.recovered(
      node: configuration.node, leases: held, runningMountIDs: engineAnswered ? running : nil)
    state = result.state
    do { try persist() } catch { logger.error("\(error)") }
    for (name, steps) in result.steps.sorted(by: { $0.key < $1.key }) {
      for step in steps {
        logger.info("volume \(name): recovery: \(step)")
        switch step {
        case .resumeFinalSnapshot:
          enqueue { await self.finalSnapshot(name) }
        case .releaseLease(let epoch):
          enqueue { await self.releaseIdle(name, epoch: epoch) }
        case .discardPartialRestore:
          if let directory = try? volumeDirectory(name) {
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent("incoming"))
          }
        case .resumeHeartbeat, .leaseLost, .droppedMountIDs:
          break
        }
      }
    }
  }
}
