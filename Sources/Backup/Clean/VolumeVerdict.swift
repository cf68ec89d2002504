import Foundation

/// Whether a volume is protected by a snapshot, and the reason in words.
struct VolumeVerdict: Sendable, Hashable {
  /// A snapshot newer than the volume's last use exists: it may be removed once nothing uses it.
  var protected: Bool
  /// Removing a stopped container that mounts it would lose its last use: local, not opted out, not protected.
  var needsRecord: Bool
  var reason: String

  /// The verdict; with `checkContent`, a volume the last-use rule allows is removable only when
  /// ``CleanPlan/contentChecks`` says it did not change after that snapshot.
  static func judge(
    _ volume: CleanInventory.Volume, node: CleanInventory.Node, plan: CleanPlan, checkContent: Bool = true
  ) -> VolumeVerdict {
    if volume.optedOut {
      return VolumeVerdict(protected: false, needsRecord: false, reason: "opted out (skep.backup=false): never removed")
    }
    if volume.driver != "local" {
      return VolumeVerdict(
        protected: false, needsRecord: false, reason: "driver \(volume.driver): only local volumes are removed")
    }
    let snapshots: [ProtectingSnapshot]
    switch plan.snapshots {
    case .unreadable(let why):
      return VolumeVerdict(protected: false, needsRecord: true, reason: "repository unreadable (\(why))")
    case .read(let all):
      snapshots = all.filter { $0.volume == volume.name && $0.node == node.name }
    }
    let lastUse: Date
    switch Self.lastUse(of: volume, on: node) {
    case .failure(let why):
      return VolumeVerdict(protected: false, needsRecord: true, reason: "last use unknown (\(why.text))")
    case .success(let date):
      lastUse = date
    }
    guard let latest = snapshots.max(by: { $0.time < $1.time }) else {
      return VolumeVerdict(protected: false, needsRecord: true, reason: "no snapshot")
    }
    guard latest.time > lastUse else {
      return VolumeVerdict(
        protected: false, needsRecord: true,
        reason: "latest snapshot \(latest.shortID) (\(Self.text(latest.time))) is older than its last use "
          + "(\(Self.text(lastUse)))")
    }
    let newer = VolumeVerdict(
      protected: true, needsRecord: false,
      reason: "snapshot \(latest.shortID) (\(Self.text(latest.time))) is newer than its last use "
        + "(\(Self.text(lastUse)))")
    guard checkContent else { return newer }
    // The last use misses writers that left no container (`docker run --rm`, a removed stack): the content
    // itself must not have changed (ctime) since the snapshot.
    switch plan.contentChecks[VolumeKey(node: node.name, volume: volume.name)] {
    case .some(.some(false)):
      return VolumeVerdict(
        protected: true, needsRecord: false, reason: newer.reason + ", content unchanged since")
    case .some(.some(true)):
      return VolumeVerdict(
        protected: false, needsRecord: true,
        reason: "changed after its newest snapshot \(latest.shortID) (\(Self.text(latest.time))): back it up first")
    case .some(.none), .none:
      return VolumeVerdict(
        protected: false, needsRecord: true,
        reason: "could not verify it is unchanged since its newest snapshot \(latest.shortID) "
          + "(\(Self.text(latest.time)))")
    }
  }

  /// The newest protecting snapshot's time when the last-use rule alone would allow removal, else nil.
  static func snapshotToVerify(_ volume: CleanInventory.Volume, node: CleanInventory.Node, plan: CleanPlan) -> Date? {
    guard judge(volume, node: node, plan: plan, checkContent: false).protected, case .read(let all) = plan.snapshots
    else { return nil }
    return all.filter { $0.volume == volume.name && $0.node == node.name }.map(\.time).max()
  }

  /// The latest stop of any container that mounted it, else its creation time.
  static func lastUse(of volume: CleanInventory.Volume, on node: CleanInventory.Node) -> Result<Date, UseError> {
    var latest: Date?
    for container in node.containers where container.volumes.contains(volume.name) {
      switch container.lastUse {
      case .never: continue
      case .unknown(let why): return .failure(UseError("container \(container.name): \(why)"))
      case .finished(let date): latest = max(latest ?? date, date)
      }
    }
    if let latest { return .success(latest) }
    guard let created = volume.createdAt else { return .failure(UseError("no creation time")) }
    return .success(created)
  }

  struct UseError: Error {
    var text: String
    init(_ text: String) { self.text = text }
  }

  static func text(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }
}
