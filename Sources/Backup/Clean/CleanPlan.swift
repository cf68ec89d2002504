import Foundation

/// Decides what `skep clean` removes and why, from what was observed: pure, so every rule is unit-tested.
///
/// - Stopped containers (exited, created, dead) that are no swarm task are removed, unless one of their volumes
///   would be removable but is not protected by a snapshot: the container then keeps the volume's last use on record.
/// - Dangling images are removed unless a kept container uses them.
/// - A skep job's service is removed when every task ended and it is older than ``minimumJobAge``.
/// - A local volume that no remaining container uses is removed only when a `kind=files` snapshot of that volume,
///   made on that node, is newer than its last use (the latest stop of any container that mounted it, else its
///   creation) — and only when ``contentChecks`` says its content did not change after that snapshot (a writer that
///   left no container, `docker run --rm` or a removed stack, has no last use on record). Opted-out volumes (`skep.backup=false`) and any volume when the repository cannot be read are kept.
public struct CleanPlan: Sendable {
  /// Terminal task states.
  public static let terminalTaskStates: Set<String> = ["complete", "failed", "shutdown", "rejected", "orphaned"]
  /// The node name used for swarm-wide objects (job services).
  public static let swarmNode = "swarm"

  public var inventory: CleanInventory
  public var snapshots: CleanSnapshots
  public var now: Date
  /// Job services younger than this are kept (a job that just started may have no task yet).
  public var minimumJobAge: TimeInterval
  /// When set, only objects carrying this label (`KEY=VALUE`) are considered; the others are neither listed nor
  /// removed, but still count as users of their volumes.
  public var scope: CleanScope?
  /// Whether each volume's content changed after its newest snapshot (ctime): true changed, false unchanged, nil
  /// could not be verified. A volume missing here is not verified: it is kept. ``volumesToVerify()`` says which
  /// volumes to check.
  public var contentChecks: [VolumeKey: Bool?]

  /// Creates a plan.
  public init(
    inventory: CleanInventory, snapshots: CleanSnapshots, now: Date = Date(), minimumJobAge: TimeInterval = 300,
    scope: CleanScope? = nil, contentChecks: [VolumeKey: Bool?] = [:]
  ) {
    self.scope = scope
    self.contentChecks = contentChecks
    self.inventory = inventory
    self.snapshots = snapshots
    self.now = now
    self.minimumJobAge = minimumJobAge
  }

  /// Every decision, by node, then kind (containers, images, volumes, jobs), then name.
  public func actions() -> [CleanAction] {
    inventory.nodes.sorted { $0.name < $1.name }.flatMap(nodeActions) + jobActions()
  }

  /// The volumes the last-use rule alone would remove, with their newest protecting snapshot's time: their content
  /// must be checked before they may go.
  public func volumesToVerify() -> [VolumeCheck] {
    inventory.nodes.sorted { $0.name < $1.name }.flatMap { node in
      node.volumes.sorted { $0.name < $1.name }.compactMap { volume -> VolumeCheck? in
        guard inScope(volume.labels), let since = VolumeVerdict.snapshotToVerify(volume, node: node, plan: self)
        else { return nil }
        return VolumeCheck(key: VolumeKey(node: node.name, volume: volume.name), since: since)
      }
    }
  }

  func nodeActions(_ node: CleanInventory.Node) -> [CleanAction] {
    let volumes = Dictionary(node.volumes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let verdicts = Dictionary(
      uniqueKeysWithValues: node.volumes.map { ($0.name, VolumeVerdict.judge($0, node: node, plan: self)) })
    var actions: [CleanAction] = []
    var removedContainers = Set<String>()
    let candidates = node.containers.filter { $0.isStopped && !$0.isServiceTask && inScope($0.labels) }
    for container in candidates.sorted(by: { $0.name < $1.name }) {
      let holding = container.volumes.sorted().filter { name in
        guard volumes[name] != nil, let verdict = verdicts[name] else { return false }
        // A running container keeps the volume in use and will record a later stop itself.
        let live = node.containers.contains { !$0.isStopped && $0.volumes.contains(name) }
        return verdict.needsRecord && !live
      }
      if let first = holding.first, let verdict = verdicts[first] {
        actions.append(
          action(
            node, .container, container.name, container.id, .keep,
            "keeps the last use of volume \(first) on record (\(verdict.reason))"))
      } else {
        removedContainers.insert(container.id)
        actions.append(
          action(node, .container, container.name, container.id, .remove, "stopped (\(container.state)), no service"))
      }
    }
    let remaining = node.containers.filter { !removedContainers.contains($0.id) }
    for image in node.danglingImages.sorted() where inScope(node.imageLabels[image] ?? [:]) {
      if let user = remaining.first(where: { Self.sameImage($0.image, image) }) {
        actions.append(action(node, .image, Self.shortID(image), image, .keep, "used by container \(user.name)"))
      } else {
        actions.append(action(node, .image, Self.shortID(image), image, .remove, "dangling"))
      }
    }
    for volume in node.volumes.sorted(by: { $0.name < $1.name }) where inScope(volume.labels) {
      let users = remaining.filter { $0.volumes.contains(volume.name) }
      // In use by a live or swarm-owned container: not a clean-up candidate at all.
      guard !users.contains(where: { !$0.isStopped || $0.isServiceTask }), let verdict = verdicts[volume.name]
      else { continue }
      if verdict.protected, let user = users.first {
        actions.append(
          action(node, .volume, volume.name, volume.name, .keep, "mounted by kept container \(user.name)"))
      } else {
        actions.append(
          action(node, .volume, volume.name, volume.name, verdict.protected ? .remove : .keep, verdict.reason))
      }
    }
    return actions
  }

  func jobActions() -> [CleanAction] {
    inventory.jobs.filter { inScope($0.labels) }.sorted { $0.name < $1.name }.map { job in
      let node = Self.swarmNode
      guard let created = job.createdAt else {
        return CleanAction(
          node: node, kind: .job, name: job.name, id: job.id, decision: .keep, reason: "creation time unknown")
      }
      let age = now.timeIntervalSince(created)
      if age < minimumJobAge {
        return CleanAction(
          node: node, kind: .job, name: job.name, id: job.id, decision: .keep,
          reason: "started \(Int(age))s ago (jobs younger than \(Int(minimumJobAge))s are left alone)")
      }
      if job.taskStates.isEmpty {
        return CleanAction(node: node, kind: .job, name: job.name, id: job.id, decision: .keep, reason: "no task yet")
      }
      if let live = job.taskStates.first(where: { !Self.terminalTaskStates.contains($0) }) {
        return CleanAction(
          node: node, kind: .job, name: job.name, id: job.id, decision: .keep, reason: "a task is still \(live)")
      }
      let states = Set(job.taskStates).sorted().joined(separator: ", ")
      return CleanAction(
        node: node, kind: .job, name: job.name, id: job.id, decision: .remove,
        reason: "every task ended (\(states))")
    }
  }

  func inScope(_ labels: [String: String]) -> Bool {
    guard let scope else { return true }
    return labels[scope.key] == scope.value
  }

  private func action(
    _ node: CleanInventory.Node, _ kind: CleanAction.Kind, _ name: String, _ id: String,
    _ decision: CleanAction.Decision, _ reason: String
  ) -> CleanAction {
    CleanAction(node: node.name, kind: kind, name: name, id: id, decision: decision, reason: reason)
  }

  /// A container's image field against an image ID: the full ID, without `sha256:`, or a short prefix of it.
  static func sameImage(_ reference: String, _ id: String) -> Bool {
    let bare = id.hasPrefix("sha256:") ? String(id.dropFirst(7)) : id
    let ref = reference.hasPrefix("sha256:") ? String(reference.dropFirst(7)) : reference
    return ref.count >= 12 && bare.hasPrefix(ref)
  }

  static func shortID(_ id: String) -> String {
    String((id.hasPrefix("sha256:") ? String(id.dropFirst(7)) : id).prefix(12))
  }
}

/// A label every object `skep clean` considers must carry.
public struct CleanScope: Sendable, Hashable {
  public var key: String
  public var value: String

  /// Reads `KEY=VALUE`; nil without `=` or with an empty key.
  public init?(_ text: String) {
    guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
    key = String(text[..<equals])
    value = String(text[text.index(after: equals)...])
  }
}

/// A volume on a node.
public struct VolumeKey: Sendable, Hashable {
  public var node: String
  public var volume: String

  /// Creates a key.
  public init(node: String, volume: String) {
    self.node = node
    self.volume = volume
  }
}

/// A volume whose content must not have changed after `since` (its newest protecting snapshot) to be removed.
public struct VolumeCheck: Sendable, Hashable {
  public var key: VolumeKey
  public var since: Date

  /// Creates a check.
  public init(key: VolumeKey, since: Date) {
    self.key = key
    self.since = since
  }
}
