import DockerEngine
import Foundation
import Logging
import SkepConfig

/// `skep agent backup` on one node: observes the node's volumes and containers, plans each volume
/// (``VolumeBackupPlanner``), then runs the plan — hooks, dumps, pause or stop, `restic backup`, always unpause or
/// start again, post hooks — and emits one ``BackupEvent`` per volume and per dump.
public struct VolumeBackupAgent: Sendable {
  public var options: AgentBackupOptions
  public var docker: DockerClient
  public var restic: Restic
  /// What this agent froze; share it with an ``AgentSignalHandler``.
  public var containerGuard: ContainerGuard
  public var logger: Logger

  /// Creates an agent.
  /// The skep volume driver on this node, when its agent runs here (its volumes are snapshotted through it).
  public var driver: (any DriverVolumes)?

  public init(
    options: AgentBackupOptions, docker: DockerClient, restic: Restic, containerGuard: ContainerGuard,
    driver: (any DriverVolumes)? = nil, logger: Logger = Logger(label: "skep.agent.backup")
  ) {
    self.options = options
    self.docker = docker
    self.restic = restic
    self.containerGuard = containerGuard
    self.driver = driver
    self.logger = logger
  }

  /// Backs up the node's volumes; `emit` receives each event as soon as it is known. Throws only when the node's
  /// engine cannot be read (then nothing was frozen).
  @discardableResult
  public func run(emit: @Sendable (BackupEvent) -> Void) async throws -> [BackupEvent] {
    var observed = try await NodeObservation.observe(docker)
    for index in observed.volumes.indices where observed.volumes[index].driver == ObservedVolume.skepDriver {
      observed.volumes[index].heldEpoch = await driver?.heldEpoch(observed.volumes[index].name)
    }
    let plans = VolumeBackupPlanner.plan(
      volumes: observed.volumes, containers: observed.containers, options: options)
    let missing = Set(options.volumes).subtracting(plans.map(\.volume))
    for name in missing.sorted() { logger.info("volume \(name) is not on node \(options.node)") }
    var events: [BackupEvent] = []
    func record(_ event: BackupEvent) {
      events.append(event)
      emit(event)
    }
    // The repository is known to open once a restic command succeeded. Before the first volume that would freeze a
    // container, run a hook or a dump, it is opened on purpose (`restic cat config`); a plain volume needs no such
    // check: its own `restic backup` fails the same way, with nothing touched. Either way, once the repository
    // does not open, no other volume is attempted.
    var access = RepositoryAccess()
    for plan in plans {
      // A signal cancelled the run: what is left is not attempted (the agent exits once containers are back).
      if Task.isCancelled { break }
      switch plan.action {
      case .skip(let reason):
        logger.info("\(plan.volume): \(reason)")
        record(BackupEvent(node: options.node, volume: plan.volume, status: .skipped, reason: reason))
      case .backup(let step):
        if !access.verified, access.failure == nil, step.touchesContainers {
          do throws(ResticError) {
            try await restic.verifyAccess()
            access.verified = true
          } catch {
            logger.error("cannot open the repository, nothing is paused: \(error)")
            access.failure = error
          }
        }
        if let failure = access.failure {
          var event = BackupEvent(
            node: options.node, volume: plan.volume, mode: step.decision.mode, status: .failed, reason: "\(failure)")
          event.repositoryUnavailable = true
          record(event)
          continue
        }
        let outcome = await backUp(plan.volume, step, record: record)
        var event = outcome.event
        if event.status == .ok {
          access.verified = true
        } else if !access.verified, let error = outcome.resticError, error.isRepositoryAccess {
          // Only a plain volume gets here unverified: nothing was frozen.
          logger.error("cannot open the repository: \(error)")
          access.failure = error
          event.repositoryUnavailable = true
        }
        record(event)
      }
    }
    // Nothing to back up on this node: still say whether the repository opens, so that a wrong password or a NAS
    // that is not mounted shows on the first run, not on the first run that has data.
    if !access.verified, access.failure == nil, !Task.isCancelled {
      do throws(ResticError) {
        try await restic.verifyAccess()
      } catch {
        var event = BackupEvent(
          node: options.node, volume: BackupEvent.repositoryCheck, status: .failed, reason: "\(error)")
        event.repositoryUnavailable = true
        record(event)
      }
    }
    return events
  }

  /// Pre hooks, dumps (recorded as they end), freeze, files snapshot, restore, post hooks; returns the files
  /// snapshot's event, with restic's error when restic failed.
  func backUp(_ volume: String, _ step: FilesStep, record: (BackupEvent) -> Void) async -> FilesOutcome {
    let start = Date()
    let mode = step.decision.mode
    func failed(_ reason: String) -> BackupEvent {
      BackupEvent(
        node: options.node, volume: volume, mode: mode, status: .failed,
        duration: Date().timeIntervalSince(start), reason: reason)
    }
    let path = options.dataPath(of: volume)
    var isDirectory: ObjCBool = false
    let present = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    guard present || step.driverEpoch != nil else {
      return FilesOutcome(
        event: failed("\(path) is not a directory: is the node's /var/lib/docker/volumes mounted at the volumes root?"))
    }
    logger.info("\(volume): \(step.decision.reason)")
    for warning in step.decision.warnings { logger.warning("\(volume): \(warning)") }
    if let failure = await runHooks(step.decision.preHooks, label: "pre") {
      return FilesOutcome(event: failed(failure))
    }
    for dump in step.dumps { record(await runDump(volume, dump)) }

    let result: Result<SnapshotSummary, any Error>
    do {
      try await containerGuard.freeze(step.decision.containers, mode: mode)
      if step.driverEpoch != nil {
        // A skep driver volume: its node's agent snapshots it under the lease (epoch-tagged) while it stays frozen.
        do {
          guard let driver else { throw DriverSocketError(message: "the skep agent does not run on this node") }
          result = .success(try await driver.snapshotNow(volume))
        } catch {
          result = .failure(error)
        }
      } else {
        do throws(ResticError) {
          result = .success(try await restic.backup(path: path, tags: step.tags, excludes: step.excludes))
        } catch {
          result = .failure(error)
        }
      }
    } catch {
      result = .failure(FreezeError(mode: mode, cause: "\(error)"))
    }
    let notRestored = await containerGuard.restoreAll()
    let postFailure = await runHooks(step.decision.postHooks, label: "post")
    switch result {
    case .success(let summary) where notRestored.isEmpty:
      var event = BackupEvent(
        node: options.node, volume: volume, kind: .files, mode: mode, summary: summary, reason: step.decision.reason)
      if let postFailure { event.reason = "\(step.decision.reason); \(postFailure)" }
      logger.info("\(volume): snapshot \(summary.snapshotID)")
      return FilesOutcome(event: event)
    case .success:
      let names = notRestored.map { "\($0.container): \($0.error)" }.joined(separator: "; ")
      return FilesOutcome(event: failed("snapshot taken, but could not restore \(names)"))
    case .failure(ResticError.emptySnapshot) where notRestored.isEmpty && postFailure == nil:
      // Nothing to lose, so nothing failed: a new registry's volume, a cache not yet filled. It has no snapshot, so
      // a restore finds none and a driver volume starts empty, as it was.
      logger.info("\(volume): no file to back up, no snapshot")
      return FilesOutcome(
        event: BackupEvent(
          node: options.node, volume: volume, kind: .files, mode: mode, status: .skipped,
          reason: "empty: \(ResticError.emptySnapshot)"))
    case .failure(let error):
      logger.error("\(volume): \(error)")
      return FilesOutcome(event: failed("\(error)"), resticError: error as? ResticError)
    }
  }

  /// Runs hooks in order; the first failure's reason, or nil.
  func runHooks(_ hooks: [ExecHook], label: String) async -> String? {
    for hook in hooks {
      do {
        let result = try await docker.exec(hook.container, command: hook.command)
        guard result.exitCode == 0 else {
          let last = result.stderr.split(whereSeparator: \.isNewline).last.map { ": \($0)" } ?? ""
          return "\(label) hook in \(hook.container) exited with status \(result.exitCode)\(last)"
        }
      } catch {
        return "\(label) hook in \(hook.container) could not run: \(error)"
      }
    }
    return nil
  }

  /// One dump streamed into restic; the event never holds the dump's environment.
  func runDump(_ volume: String, _ dump: DumpStep) async -> BackupEvent {
    let start = Date()
    func failed(_ reason: String) -> BackupEvent {
      BackupEvent(
        node: options.node, volume: volume, kind: .dump, status: .failed,
        duration: Date().timeIntervalSince(start), reason: "\(dump.container): \(reason)")
    }
    let command: DumpCommand
    switch dump.command {
    case .success(let value): command = value
    case .failure(let error): return failed(error.message)
    }
    logger.info("\(volume): dumping \(dump.container): \(command.description)")
    do {
      let source = try await DockerExecDumpSource.start(docker: docker, container: dump.container, command: command)
      let summary = try await restic.backupStdin(from: source, filename: command.filename, tags: dump.tags)
      return BackupEvent(
        node: options.node, volume: volume, kind: .dump, mode: .none, summary: summary,
        reason: "\(dump.container): \(command.filename)")
    } catch {
      logger.error("\(volume): dump of \(dump.container) failed: \(error)")
      return failed("\(error)")
    }
  }
}

/// The files snapshot's event, and restic's own error when restic is what failed.
struct FilesOutcome {
  var event: BackupEvent
  var resticError: ResticError?
}

/// What the agent knows of the repository so far.
struct RepositoryAccess {
  /// A restic command opened it.
  var verified = false
  /// It did not open: every volume after this one fails with it, untouched.
  var failure: ResticError?
}

/// Pausing or stopping a container failed (those already frozen were restored).
struct FreezeError: Error, CustomStringConvertible {
  var mode: ConsistencyMode
  var cause: String
  var description: String { "could not \(mode.rawValue) the containers using the volume: \(cause)" }
}
