import Backup
import Cluster
import ControlWeb
import DockerEngine
import Foundation
import Logging
import Notify
import RunHistory
import SkepConfig
import VolumeAgent

/// The skep-control service's process — scheduler, history, notifications, dashboard, metrics — until SIGTERM.
/// `skep control deploy` runs it as a swarm service (the slim `skep-control` binary of the skep image); run by hand
/// (`skep control serve`) it serves from any machine that reaches a manager.
public enum ControlService {
  /// Loads the options' inventory, then serves until SIGTERM or SIGINT; the jobs get the same inventory path
  /// (`SKEP_INVENTORY`).
  /// - Throws: `InventoryError` for a bad inventory, ``ControlServiceError`` when it has no `schedule:`; the front
  ///   ends turn both into exit code 2.
  public static func serve(_ options: ControlServeOptions) async throws {
    let inventoryPath = options.inventoryPath()
    let inventory = try InventoryLoader.load(path: inventoryPath)
    let logger = Logger(label: "skep.control")
    guard let section = inventory.schedule else {
      throw ControlServiceError(.noSchedule, "\(inventory.file) has no schedule: section: nothing to run")
    }
    let store = try RunHistoryStore(path: options.history)
    let engines = try NodeEngines(inventory: inventory)
    let manager = try await engines.firstManager()
    let password = try options.passwordFile.map { file throws in try Secret.read(file: file).value }
    let notifications = try ControlNotifications(
      section: inventory.control, smtpPasswordFile: options.smtpPasswordFile,
      webhookTokenFile: options.webhookTokenFile,
      logger: logger)
    let executable = Self.jobExecutable()
    let runner = ControlJobRunner(
      executable: executable, inventory: inventoryPath, image: options.jobImage, logger: logger)
    let snapshotHistory = options.snapshotHistory
    let persist: @Sendable () async -> Void = {
      guard snapshotHistory else { return }
      do {
        _ = try await DriverSocket(path: ControlDeployment.pluginDirectory + "/skep.sock").snapshotNow(
          ControlDeployment.historyVolume)
      } catch {
        logger.warning("the history volume could not be snapshotted now: \(error)")
      }
    }
    let watch = ControlLoopWatch(limit: Self.stallLimit, logger: logger)
    watch.startWatchdog()
    let box = StateBox()
    let scheduler = ControlScheduler(
      history: store, section: section, execute: { await runner.run($0) },
      runningElsewhere: { await ControlJobRunner.backupJobInProgress($0, manager: manager.client) }, logger: logger,
      persist: persist,
      finished: { run in
        await persist()
        await notifications.runFinished(run)
        if run.job == ScheduleSection.JobName.backup.rawValue { await box.state?.refreshVolumes() }
      })
    try await scheduler.start()
    let staleAfter = TimeInterval(inventory.control?.staleAfter ?? ControlSection.defaultStaleAfter)
    let state = ControlState(
      engine: manager.client, history: store, scheduler: scheduler,
      clusterName: options.clusterName ?? ControlDeployment.clusterName(inventoryFile: inventory.file),
      staleAfter: staleAfter, executable: executable, inventory: inventoryPath, image: options.jobImage,
      logger: logger)
    await box.set(state)
    let server = ControlServer(
      port: options.port, password: password,
      backend: ControlBackendAdapter(state: state, scheduler: scheduler, history: store, watch: watch),
      logger: logger)
    logger.info(
      "skep-control: \(section.jobs.filter(\.enabled).count) job(s) scheduled, history in \(options.history), dashboard on port \(options.port)"
    )
    let work = Task {
      await withThrowingTaskGroup { group in
        group.addTask {
          try await server.run()
          watch.end("the web server stopped")
        }
        group.addTask {
          watch.enter("first refresh")
          await state.refreshVolumes()
          var warned: Set<String> = []
          while !Task.isCancelled {
            watch.enter("tick")
            await scheduler.tick()
            watch.enter("refresh")
            await state.refreshIfOld()
            watch.enter("stale check")
            if await state.hasVolumeFacts {
              let stale = await state.staleVolumes()
              let fresh = stale.filter { !warned.contains($0.name) }
              warned = Set(stale.map(\.name))
              await notifications.stale(
                fresh.map { ($0.name, $0.node, $0.newest) }, threshold: staleAfter, now: Date())
            }
            watch.passed()
            watch.enter("wait")
            try await Task.sleep(for: .seconds(1))
          }
          watch.end("cancelled")
        }
        let first = await group.nextResult()
        switch first {
        case .failure(let error) where !(error is CancellationError):
          watch.end("\(error)")
          logger.error("skep-control stopped: \(error)")
        case .failure: logger.info("skep-control: stopping")
        case .success, nil: logger.info("skep-control: \(watch.problem() ?? "stopping")")
        }
        group.cancelAll()
      }
    }
    let signals = StopSignals { number in
      logger.info("signal \(number): stopping (a run going on is recorded as interrupted at the next start)")
      work.cancel()
    }
    defer { signals.cancel() }
    await work.value
  }

  /// How long one step of the schedule loop may take before the service calls itself unhealthy. A tick only records
  /// decisions and starts runs (a run goes on in its own task), so minutes are already far past normal.
  static let stallLimit: TimeInterval = 300

  /// The `skep` binary the jobs run as children: this process's own, or for `skep-control` the `skep` beside it
  /// (the image holds both in /usr/local/bin).
  static func jobExecutable() -> String {
    let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return jobExecutable(own: own)
  }

  static func jobExecutable(own: String) -> String {
    let url = URL(fileURLWithPath: own)
    guard url.lastPathComponent == ControlDeployment.serviceBinary else { return own }
    return url.deletingLastPathComponent().appendingPathComponent("skep").path
  }
}

/// Lets the scheduler's callback reach the state created after it.
actor StateBox {
  private(set) var state: ControlState?
  func set(_ state: ControlState) { self.state = state }
}

/// The dashboard server's view of the service.
struct ControlBackendAdapter: ControlBackend {
  let state: ControlState
  let scheduler: ControlScheduler
  let history: RunHistoryStore
  let watch: ControlLoopWatch

  func unhealthy() async -> String? { watch.problem() }

  func snapshot() async -> DashboardSnapshot { await state.snapshot() }

  func run(id: Int64) async throws -> JobRun? { try await history.run(id: id) }

  func runs(job: String?, limit: Int) async throws -> [JobRun] { try await history.runs(job: job, limit: limit) }

  func trigger(job: String) async -> TriggerResult {
    switch await scheduler.trigger(job) {
    case .started(let run): .started(run)
    case .refused(let reason, let running): .refused(reason: reason, running: running)
    case .unknownJob(let known): .unknownJob(known: known)
    }
  }
}
