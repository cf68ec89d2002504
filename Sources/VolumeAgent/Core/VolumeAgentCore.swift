import Foundation
import Logging
import VolumeDriver

/// One node's volume driver: performs the pure decisions of ``MountDecision`` and ``VolumeRecord`` against the lease
/// store, the backup store and the local directories, persists every record before answering Docker, and runs the
/// background work (restores, final and periodic snapshots, heartbeats) inside ``run()``.
///
/// Mount, Unmount and the end of background work are serialized per volume; different volumes proceed at once.
public actor VolumeAgentCore: VolumeDriverHandler {
  typealias Work = @Sendable () async -> Void

  let configuration: VolumeAgentConfiguration
  let leases: any LeaseStore
  let store: any VolumeSnapshotStore
  let users: (any VolumeUsers)?
  let logger: Logger
  let paths: VolumePaths
  var state: AgentStateFile
  var locks = VolumeLocks()
  var restores: [String: RestoreProgress] = [:]
  /// When each held lease was last seen with no container (for ``VolumeAgentConfiguration/idleGrace``).
  var idleSince: [String: Date] = [:]
  /// When each mounted volume was last snapshotted by this agent.
  var lastSnapshot: [String: Date] = [:]
  /// Another node's lease version as first seen here, and when (see ``observed(_:_:now:)``).
  var observations: [String: (version: UInt64, since: Date)] = [:]
  /// When each held lease was last renewed.
  var heartbeats: [String: Date] = [:]
  /// Volumes whose final snapshot is being taken now (one at a time per volume).
  var finalSnapshotsRunning: Set<String> = []
  let workStream: AsyncStream<Work>
  let workQueue: AsyncStream<Work>.Continuation

  /// Creates the agent from its persisted state (an empty state when the file does not exist yet).
  public init(
    configuration: VolumeAgentConfiguration, leases: any LeaseStore, store: any VolumeSnapshotStore,
    users: (any VolumeUsers)? = nil, logger: Logger = Logger(label: "skep.agent.volumes")
  ) throws {
    self.configuration = configuration
    self.leases = leases
    self.store = store
    self.users = users
    self.logger = logger
    self.paths = VolumePaths(root: configuration.root)
    try FileManager.default.createDirectory(atPath: configuration.root, withIntermediateDirectories: true)
    if let data = FileManager.default.contents(atPath: configuration.stateFile) {
      self.state = try AgentStateFile.decode(data)
    } else {
      self.state = AgentStateFile()
    }
    (workStream, workQueue) = AsyncStream.makeStream(of: Work.self)
  }

  /// The records as persisted now (for `skep volume ls` and tests).
  public var records: [String: VolumeRecord] { state.volumes }

  // MARK: - Running

  /// Recovers after a restart, then runs background work and the heartbeat/snapshot ticks until cancelled.
  public func run() async {
    await recover()
    await withDiscardingTaskGroup { group in
      group.addTask { await self.tickLoop() }
      for await work in workStream {
        group.addTask { await work() }
      }
    }
  }

  /// Ends ``run()`` once the queued work is done (the tick loop stops with the task's cancellation).
  public nonisolated func finishQueue() { workQueue.finish() }

  func enqueue(_ work: @escaping Work) { workQueue.yield(work) }

  func tickLoop() async {
    let interval = max(0.2, min(configuration.heartbeatInterval, 5))
    while !Task.isCancelled {
      try? await Task.sleep(for: .seconds(interval))
      if Task.isCancelled { break }
      await tick(now: Date())
    }
  }

  // MARK: - Serialization and persistence

  func withVolume<T: Sendable>(_ volume: String, _ body: () async throws -> T) async throws -> T {
    if !locks.tryTake(volume) {
      await withCheckedContinuation { locks.enqueue(volume, $0) }
    }
    defer { locks.release(volume) }
    return try await body()
  }

  func record(_ volume: String) -> VolumeRecord { state.volumes[volume] ?? VolumeRecord(name: volume) }

  func save(_ record: VolumeRecord) throws {
    state.volumes[record.name] = record
    try persist()
  }

  func persist() throws {
    do {
      try state.encoded().write(to: URL(fileURLWithPath: configuration.stateFile), options: .atomic)
    } catch {
      throw VolumeDriverError(.failed, "cannot save the volume state in \(configuration.stateFile): \(error)")
    }
  }

  func volumeDirectory(_ volume: String) throws -> String {
    (configuration.root as NSString).appendingPathComponent(try VolumePaths.checked(volume))
  }

  func dataExists(_ volume: String) -> Bool {
    guard let path = try? paths.mountpoint(of: volume) else { return false }
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }
}

/// The containers on this node that use a volume (for recovery after a restart).
public protocol VolumeUsers: Sendable {
  /// IDs of running containers that mount `volume` through the skep driver; nil when the engine cannot be asked.
  func runningContainers(using volume: String) async -> [String]?
}

/// A restore running in the background.
struct RestoreProgress: Sendable {
  var snapshot: SnapshotRef
  var directory: String
  var total: Int64
  var failure: String?
  var finished: Bool
  /// Whether its size was asked (once, when a Mount first has to answer "restoring").
  var sizeAsked = false

  /// The share of the restore written so far, 0…99 while it runs.
  var percent: Int {
    guard total > 0 else { return 0 }
    let written = DirectorySize.bytes(under: directory)
    return Int(min(99, max(0, written * 100 / total)))
  }
}

/// Sizes of directory trees (files only, not following symlinks).
enum DirectorySize {
  static func bytes(under path: String) -> Int64 {
    guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
    var total: Int64 = 0
    while walker.nextObject() != nil {
      if let type = walker.fileAttributes?[.type] as? FileAttributeType, type == .typeRegular,
        let size = walker.fileAttributes?[.size] as? NSNumber
      {
        total += size.int64Value
      }
    }
    return total
  }
}
