import Backup
import ControlWeb
import DockerEngine
import Foundation
import Logging
import RunHistory
import Sandbox
import SkepConfig
import VolumeAgent

/// What the dashboard, the metrics and the API read: the swarm as the local manager sees it, the history, and the
/// repository's snapshots (read by `skep backup ls --json` and `skep volume ls --json` as child processes, after
/// every backup run and every `refreshInterval`).
actor ControlState {
  struct VolumeFacts: Sendable {
    var name: String
    var driver: String
    var node: String?
    var newest: Date?
    var snapshotID: String?
    var bytes: Int64?
  }

  let engine: DockerClient
  let history: RunHistoryStore
  let scheduler: ControlScheduler
  let clusterName: String
  let staleAfter: TimeInterval
  let executable: String
  let inventory: String
  let image: String
  let logger: Logger
  static let refreshInterval: TimeInterval = 600

  private var volumes: [String: VolumeFacts] = [:]
  private var volumesNote: String? = "reading the repository's snapshots…"
  private var refreshed: Date?
  private var refreshing: Task<Void, Never>?

  init(
    engine: DockerClient, history: RunHistoryStore, scheduler: ControlScheduler, clusterName: String,
    staleAfter: TimeInterval, executable: String, inventory: String, image: String, logger: Logger
  ) {
    self.engine = engine
    self.history = history
    self.scheduler = scheduler
    self.clusterName = clusterName
    self.staleAfter = staleAfter
    self.executable = executable
    self.inventory = inventory
    self.image = image
    self.logger = logger
  }

  /// Starts a refresh of the volume facts unless one runs; `wait` waits for it.
  func refreshVolumes(wait: Bool = false) async {
    if refreshing == nil {
      refreshing = Task { await self.readVolumes() }
    }
    if wait, let refreshing { await refreshing.value }
  }

  /// Refreshes when the facts are older than the interval.
  func refreshIfOld(now: Date = Date()) async {
    if refreshed.map({ now.timeIntervalSince($0) > Self.refreshInterval }) ?? true { await refreshVolumes() }
  }

  private func readVolumes() async {
    var facts: [String: VolumeFacts] = [:]
    var notes: [String] = []
    switch await child(["backup", "ls", "--json", "--image", image]) {
    case .success(let data):
      if let rows = try? JSONDecoder().decode([BackupLsRow].self, from: data) {
        for row in rows where !row.volume.isEmpty {
          let time = try? Date(row.time, strategy: .iso8601)
          var entry = facts[row.volume] ?? VolumeFacts(name: row.volume, driver: "local")
          if let time, entry.newest.map({ time > $0 }) ?? true {
            entry.newest = time
            entry.snapshotID = row.shortID
            entry.node = row.node ?? entry.node
          }
          facts[row.volume] = entry
        }
      } else {
        notes.append("skep backup ls gave no readable list")
      }
    case .failure(let reason): notes.append("snapshot list failed: \(reason)")
    }
    if case .success(let data) = await child(["volume", "ls", "--json"]),
      let rows = try? JSONDecoder().decode([VolumeListingRow].self, from: data)
    {
      for row in rows {
        var entry = facts[row.name] ?? VolumeFacts(name: row.name, driver: "skep")
        entry.driver = "skep"
        entry.node = row.node ?? entry.node
        entry.bytes = row.localBytes ?? entry.bytes
        facts[row.name] = entry
      }
    }
    // Volumes the last backup run met, backed up or not: a volume whose backup always fails still shows (stale).
    if let last = try? await history.runs(job: "backup", limit: 5).first(where: {
      $0.status.isFinished && $0.status != .skipped
    }),
      let run = try? await history.run(id: last.id)
    {
      // A volume the run skipped by rule (skep.backup=false, say) is not expected to have snapshots: not listed.
      for item in run.items where item.status != .skipped {
        guard let volume = item.volume else { continue }
        var entry = facts[volume] ?? VolumeFacts(name: volume, driver: "local")
        if entry.node == nil { entry.node = item.node }
        if entry.bytes == nil { entry.bytes = item.bytesTotal }
        facts[volume] = entry
      }
    }
    volumes = facts
    volumesNote = notes.isEmpty ? nil : notes.joined(separator: "; ")
    refreshed = Date()
    refreshing = nil
  }

  /// The stale volumes now, for the stale notification.
  func staleVolumes(now: Date = Date()) -> [VolumeFacts] {
    volumes.values.filter { volume in
      volume.newest.map { now.timeIntervalSince($0) > staleAfter } ?? true
    }.sorted { $0.name < $1.name }
  }

  var hasVolumeFacts: Bool { refreshed != nil && volumesNote == nil }

  private func child(_ arguments: [String]) async -> Result<Data, ChildFailure> {
    var environment = ProcessInfo.processInfo.environment
    environment["SKEP_INVENTORY"] = inventory
    do {
      let output = try await CommandRunner(logger: logger).run(
        [executable] + arguments, environment: environment, check: false)
      guard output.status == 0 else {
        return .failure(
          ChildFailure(
            description: ControlJobRunner.lastErrorLine(output.stderr) ?? "exit status \(output.status)"))
      }
      return .success(Data(output.stdout.utf8))
    } catch {
      return .failure(ChildFailure(description: "\(error)"))
    }
  }

  /// The dashboard's data, read now.
  func snapshot(now: Date = Date()) async -> DashboardSnapshot {
    var nodeRows: [NodeRow] = []
    var managers = 0
    var reachable = 0
    var serviceRows: [ServiceRow] = []
    if let nodes = try? await engine.nodes() {
      for node in nodes.sorted(by: { ($0.description?.hostname ?? $0.id) < ($1.description?.hostname ?? $1.id) }) {
        let isManager = node.spec.role == .manager
        if isManager {
          managers += 1
          if node.managerStatus?.reachability == .reachable { reachable += 1 }
        }
        nodeRows.append(
          NodeRow(
            name: node.description?.hostname ?? node.id, role: isManager ? "manager" : "worker",
            state: node.status.state.rawValue, availability: node.spec.availability.rawValue,
            reachability: node.managerStatus?.reachability.rawValue, isLeader: node.managerStatus?.leader == true,
            engine: node.description?.engine?.engineVersion ?? "?", address: node.status.addr, diskFree: nil,
            diskTotal: nil))
      }
    }
    if let services = try? await engine.services() {
      let tasks = (try? await engine.tasks(filters: ["desired-state": ["running"]])) ?? []
      for service in services.sorted(by: { $0.spec.name < $1.spec.name }) {
        let running = tasks.filter { $0.serviceID == service.id && $0.status.state == "running" }.count
        let (mode, desired): (String, Int?) =
          switch service.spec.mode {
          case .replicated(let replicas): ("replicated", Int(replicas))
          case .global: ("global", nil)
          case .replicatedJob: ("replicated-job", nil)
          case .globalJob: ("global-job", nil)
          }
        serviceRows.append(
          ServiceRow(
            name: service.spec.name, image: service.spec.taskTemplate.containerSpec.image, mode: mode,
            running: running, desired: desired))
      }
    }
    let summary =
      (try? await history.summary(failuresSince: now.addingTimeInterval(-7 * 86400)))
      ?? HistorySummary(jobs: [], failures: [], totalRuns: 0)
    let recent = (try? await history.runs(limit: 30)) ?? []
    let schedule = await scheduler.scheduleRows(now: now).map {
      ScheduledJobRow(
        job: $0.job.name.rawValue, cron: $0.job.cron.description, enabled: $0.job.enabled, nextDue: $0.nextDue,
        isRunning: $0.isRunning)
    }
    let volumeRows = volumes.values.sorted { $0.name < $1.name }.map {
      VolumeRow(
        name: $0.name, driver: $0.driver, node: $0.node, newestSnapshot: $0.newest, snapshotID: $0.snapshotID,
        bytes: $0.bytes)
    }
    let majority = managers / 2 + 1
    return DashboardSnapshot(
      generated: now, clusterName: clusterName, managers: managers, reachableManagers: reachable,
      quorumTolerance: max(0, reachable - majority), nodes: nodeRows, services: serviceRows, volumes: volumeRows,
      volumesNote: volumesNote, staleAfter: staleAfter, schedule: schedule, history: summary, recentRuns: recent)
  }
}

/// Why a child command gave nothing.
struct ChildFailure: Error, CustomStringConvertible {
  var description: String
}
