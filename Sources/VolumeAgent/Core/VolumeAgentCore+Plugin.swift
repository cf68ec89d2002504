import Foundation
import VolumeDriver

extension VolumeAgentCore {
  public func create(_ request: VolumeCreateRequest) async throws {
    let name = try VolumePaths.checked(request.name)
    try await withVolume(name) {
      guard state.volumes[name] == nil else { return }
      try save(VolumeRecord(name: name))
      logger.info("volume \(name) created")
    }
  }

  public func remove(_ request: VolumeNameRequest) async throws {
    let name = try VolumePaths.checked(request.name)
    try await withVolume(name) {
      guard let record = state.volumes[name] else { return }
      if record.isMounted {
        throw VolumeDriverError(
          .refused, "volume \(name) is mounted by \(record.mountIDs.count) container(s) on \(configuration.node)")
      }
      if restores[name] != nil || record.finalSnapshotPending {
        throw VolumeDriverError(.refused, "volume \(name) is busy on \(configuration.node) (restore or final snapshot)")
      }
      if let epoch = record.leaseEpoch {
        _ = try? await leases.release(volume: name, node: configuration.node, epoch: epoch, now: Date())
      }
      // The local copy goes; the snapshots in the backup store stay (skep backup forget removes those).
      try? FileManager.default.removeItem(atPath: try volumeDirectory(name))
      state.volumes[name] = nil
      try persist()
      logger.info("volume \(name) removed from \(configuration.node) (its snapshots are kept)")
    }
  }

  public func mount(_ request: VolumeMountRequest) async throws -> String {
    let name = try VolumePaths.checked(request.name)
    return try await withVolume(name) { try await mountLocked(name, id: request.id) }
  }

  public func unmount(_ request: VolumeMountRequest) async throws {
    let name = try VolumePaths.checked(request.name)
    try await withVolume(name) {
      var record = record(name)
      let decision = record.unmount(id: request.id)
      try save(record)
      logger.info("volume \(name) unmounted (\(request.id.prefix(12))): \(decision)")
      switch decision {
      case .snapshotThenRelease:
        idleSince[name] = nil
        enqueue { await self.finalSnapshot(name) }
      case .releaseWithoutSnapshot(let epoch):
        enqueue { await self.releaseIdle(name, epoch: epoch) }
      case .unknownMountID, .stillMounted, .leaseLost:
        break
      }
    }
  }

  public func path(_ request: VolumeNameRequest) async throws -> String {
    let name = try VolumePaths.checked(request.name)
    guard let record = state.volumes[name], record.isMounted else { return "" }
    return try paths.mountpoint(of: name)
  }

  public func get(_ request: VolumeNameRequest) async throws -> PluginVolume {
    let name = try VolumePaths.checked(request.name)
    guard let record = state.volumes[name] else {
      throw VolumeDriverError(.notFound, "no volume \(name) on \(configuration.node)")
    }
    var volume = pluginVolume(record)
    // Inspect (and skep volume ls) also shows the lease as the store has it and the local copy's size.
    if let lease = try? await leases.read(volume: name).lease {
      volume.status?["leaseHolder"] = lease.holder ?? ""
      volume.status?["leaseEpochInStore"] = String(lease.epoch)
      volume.status?["leaseHeartbeat"] = ISO8601DateFormatter().string(from: lease.heartbeatAt)
    }
    if let data = try? paths.mountpoint(of: name), FileManager.default.fileExists(atPath: data) {
      volume.status?["localBytes"] = String(DirectorySize.bytes(under: data))
    }
    return volume
  }

  public func list() async throws -> [PluginVolume] {
    state.volumes.values.sorted { $0.name < $1.name }.map(pluginVolume)
  }

  public func capabilities() async -> PluginCapabilities { PluginCapabilities(scope: "local") }

  func pluginVolume(_ record: VolumeRecord) -> PluginVolume {
    var status = ["node": configuration.node, "state": stateName(record)]
    if let epoch = record.leaseEpoch { status["leaseEpoch"] = String(epoch) }
    if let base = record.base {
      status["snapshot"] = String(base.id.prefix(8))
      status["snapshotTime"] = ISO8601DateFormatter().string(from: base.time)
    }
    if let progress = restores[record.name] { status["restore"] = "\(progress.percent) %" }
    let mountpoint = record.isMounted ? try? paths.mountpoint(of: record.name) : nil
    return PluginVolume(name: record.name, mountpoint: mountpoint, status: status)
  }

  func stateName(_ record: VolumeRecord) -> String {
    if restores[record.name] != nil || record.restoring != nil { return "restoring" }
    if record.isMounted { return "mounted" }
    if record.finalSnapshotPending { return "snapshotting" }
    return "idle"
  }
}

extension VolumeAgentCore {
  /// `/Skep.SnapshotNow`: a snapshot of a volume this node holds the lease of, published by the same rules as the
  /// periodic ones (checked against the lease before and after). `skep backup run` calls it after freezing the
  /// volume's containers; refused when this node does not hold the lease.
  public func snapshotNow(_ request: VolumeNameRequest) async throws -> PublishedSnapshot {
    let name = try VolumePaths.checked(request.name)
    guard let record = state.volumes[name], let epoch = record.leaseEpoch, restores[name] == nil,
      record.restoring == nil, dataExists(name)
    else {
      throw VolumeDriverError(.refused, "volume \(name) is not held on \(configuration.node)")
    }
    guard let taken = try await publishSnapshot(name, epoch: epoch) else {
      throw VolumeDriverError(.refused, "volume \(name): the lease moved on; no snapshot published")
    }
    var updated = self.record(name)
    if updated.leaseEpoch == epoch {
      updated.periodicSnapshotPublished(taken.ref)
      try save(updated)
    }
    logger.info("volume \(name): snapshot \(taken.ref.id.prefix(8)) on request (epoch \(epoch))")
    return taken.figures
  }
}
