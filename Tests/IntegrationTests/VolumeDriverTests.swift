import Backup
import DockerEngine
import Foundation
import SkepTestSupport
import Testing
import VolumeAgent
import VolumeDriver

extension SwarmFormationTests {
  /// The volume driver's story on the shared sandbox, with a real MariaDB on a `driver: skep` volume:
  /// a new volume starts empty; a second writer on another node is refused while the first runs and starts once it is
  /// gone; a planned move (`skep volume mv`) keeps every row; a move while the backup store is gone does not start
  /// (the task shows why) and completes with every row once the store is back; the agent killed under a mounted
  /// volume comes back with its refcount and lease, and the next unmount still snapshots; a node killed outright:
  /// the swarm reschedules, the new node restores the newest periodic snapshot, the dead node's lease expired.
  @Test func volumeDriverMovesMariaDBWithItsRowsAndNeverLetsTwoNodesWrite() async throws {
    let setup = try await VolumeDriverSetup.start(self)
    try await withCleanup { cleanup in
      await cleanup.add { await setup.tearDown() }
      try await volumeDriverScenario(setup, cleanup: cleanup)
    }
  }

  func volumeDriverScenario(_ setup: VolumeDriverSetup, cleanup: Cleanup) async throws {
    let volume = setup.volume
    let manager = setup.manager
    let (first, second, worker) = (nodes[1].name, nodes[2].name, nodes[3].name)
    let database = MariaDBProbe(password: "root-\(UUID().uuidString.prefix(12))")
    let service = "vdb-\(setup.suffix)"
    await cleanup.add { try? await manager.removeService(service) }

    // A brand-new volume: no snapshot anywhere, so it starts empty and MariaDB initializes it.
    _ = try await manager.createService(database.skepService(name: service, volume: volume, node: first))
    var (client, container) = try await setup.running(service, on: first, database)
    try await database.sql(client, container, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(64))")
    try await database.insert(client, container, ids: 1...50)
    var lease = try await setup.lease()
    #expect(lease?.holder == first && lease?.epoch == 1, "lease after the first mount: \(String(describing: lease))")

    // Two writers: a second service on another node is refused while the first runs, and starts once it is gone.
    let intruder = "vdb-other-\(setup.suffix)"
    await cleanup.add { try? await manager.removeService(intruder) }
    _ = try await manager.createService(setup.reader(name: intruder, node: second))
    let refusal = "volume \(volume) is in use on node \(first)"
    let refused = await sandbox.eventually(timeout: 60, every: 1) {
      try await setup.taskErrors(intruder).contains { $0.contains(refusal) }
    }
    let intruderErrors = try await setup.taskErrors(intruder)
    #expect(refused, "the second writer's task errors: \(intruderErrors)")
    #expect(try await setup.runningTasks(intruder).isEmpty, "the second writer never ran")
    try await manager.removeService(service)
    let intruderClient = try sandbox.client(second)
    #expect(
      await sandbox.eventually(timeout: 90, every: 1) {
        try await !intruderClient.containers(filters: ["label": ["com.docker.swarm.service.name=\(intruder)"]])
          .isEmpty
      }, "the second service starts once the first is gone")
    let reader = try #require(
      try await intruderClient.containers(filters: ["label": ["com.docker.swarm.service.name=\(intruder)"]]).first,
      "the second service runs on \(second)")
    let files = try await intruderClient.exec(reader.id, command: ["ls", "/data/shop"])
    #expect(files.stdout.contains("t.ibd"), "the second service sees MariaDB's files: \(files.stdout)")
    try await manager.removeService(intruder)
    let released = await sandbox.eventually(timeout: 60, every: 1) { try await setup.lease()?.holder == nil }
    lease = try await setup.lease()
    #expect(released, "released after the second service: \(String(describing: lease))")

    // Planned move: back on `first`, then `skep volume mv` to `second`: every row, zero loss.
    _ = try await manager.createService(database.skepService(name: service, volume: volume, node: first))
    (client, container) = try await setup.running(service, on: first, database)
    try await database.insert(client, container, ids: 51...60)
    let moved = try await sandbox.skep(["volume", "mv", volume, "--to", second, "--json"], inventory: setup.inventory)
    try #require(moved.status == 0, "volume mv: \(moved.stderr)")
    let report = try JSONDecoder().decode(MoveJSON.self, from: Data(moved.stdout.utf8))
    #expect(report.from == [first] && report.to == second && report.service == service)
    let gap = report.stopToRunningSeconds ?? -1
    print("planned move \(first) → \(second): \(String(format: "%.1f", gap)) s from the old task's stop to running")
    (client, container) = try await setup.running(service, on: second, database)
    #expect(try await database.stats(client, container) == (60, 1, 60), "every row after the planned move")

    let listed = try await sandbox.skep(["volume", "ls", "--json"], inventory: setup.inventory)
    let rows = try JSONDecoder().decode([VolumeRowJSON].self, from: Data(listed.stdout.utf8))
    let row = try #require(rows.first { $0.name == volume }, "volume ls: \(listed.stdout) \(listed.stderr)")
    #expect(row.node == second && row.state == "mounted" && row.newestSnapshot != nil, "volume ls row: \(row)")
    let refusedRemove = try await sandbox.skep(["volume", "rm", volume], inventory: setup.inventory)
    #expect(
      refusedRemove.status == 3 && refusedRemove.stderr.contains("mounted on \(second)"), "\(refusedRemove.stderr)")

    // skep backup run covers driver volumes: on the node holding the lease, MariaDB is dumped and paused, and the
    // agent there snapshots the volume under its epoch; every other node skips it.
    let epochNow = try #require(try await setup.lease()?.epoch)
    let backedUp = try await sandbox.skep(
      ["backup", "run", "--volume", volume, "--json"], inventory: setup.inventory)
    #expect(backedUp.status == 0, "backup run: \(backedUp.stdout) \(backedUp.stderr)")
    let run = try JSONDecoder().decode(RunJSON.self, from: Data(backedUp.stdout.utf8))
    let mine = run.events.filter { $0.volume == volume }
    #expect(
      mine.contains { $0.node == second && $0.kind == .files && $0.status == .ok && $0.mode == .pause },
      "files event on \(second): \(mine)")
    #expect(mine.contains { $0.node == second && $0.kind == .dump && $0.status == .ok }, "dump on \(second): \(mine)")
    #expect(
      mine.filter { $0.node != second }.allSatisfy { $0.status == .skipped }, "other nodes skip it: \(mine)")
    let tagged = try await hostRestic(
      ["snapshots", "--json", "--tag", "volume=\(volume),kind=files,epoch=\(epochNow)"], repository: setup.repository,
      passwordText: setup.password)
    #expect(tagged.contains("node=\(second)"), "a files snapshot under epoch \(epochNow) by \(second)")

    // The store is gone during a move: the task does not start, and says why; once it is back, every row.
    try await database.insert(client, container, ids: 61...70)
    try FileManager.default.moveItem(atPath: setup.repository, toPath: setup.repository + ".away")
    await cleanup.add { try? setup.bringTheStoreBack() }
    let stuck = try await sandbox.skep(
      ["volume", "mv", volume, "--to", worker, "--timeout", "30"], inventory: setup.inventory)
    #expect(stuck.status != 0, "the move cannot finish without the store: \(stuck.stdout)")
    let storeRefusal = "cannot reach the backup store, refusing to start \(volume) empty"
    let errors = try await setup.taskErrors(service)
    #expect(errors.contains { $0.contains(storeRefusal) }, "task errors: \(errors)")
    #expect(!FileManager.default.fileExists(atPath: setup.dataDirectory(on: worker)), "nothing started empty")
    try setup.bringTheStoreBack()
    (client, container) = try await setup.running(service, on: worker, database, timeout: 180)
    #expect(try await database.stats(client, container) == (70, 1, 70), "every row once the store is back")

    // The agent killed under a mounted volume: refcount and lease survive, the next unmount still snapshots.
    let workerClient = try sandbox.client(worker)
    let agent = try #require(
      try await workerClient.containers(filters: ["label": ["com.docker.swarm.service.name=skep-agent"]]).first)
    try await workerClient.killContainer(agent.id)
    #expect(
      await sandbox.eventually(timeout: 90, every: 1) {
        try await workerClient.containers(filters: ["label": ["com.docker.swarm.service.name=skep-agent"]])
          .contains { $0.id != agent.id }
      }, "swarm restarts the agent")
    let state = try setup.state(on: worker)
    let leaseAfterKill = try await setup.lease()
    #expect(
      state?.mountIDs.count == 1 && state?.leaseEpoch == leaseAfterKill?.epoch, "state: \(String(describing: state))")
    #expect(leaseAfterKill?.holder == worker)

    // Node loss: rows, a periodic snapshot after them, then the node is killed (power loss).
    try await database.insert(client, container, ids: 71...80)
    let inserted = Date()
    #expect(
      await sandbox.eventually(timeout: 60, every: 1) {
        try await setup.newestSnapshotTime().map { $0 > inserted } == true
      },
      "a periodic snapshot after the last rows")
    // Unpinned, so the swarm may reschedule it; a task whose node still fits its constraints is not restarted.
    try await manager.updateServiceConstraints(service) { $0.filter { !$0.hasPrefix("node.hostname") } }
    try await Task.sleep(for: .seconds(3))
    #expect(
      try await workerClient.containers(filters: ["id": [container]]).count == 1, "still the same MariaDB on \(worker)")
    let epochBefore = try await setup.lease()?.epoch ?? 0
    let killed = Date()
    let kill = try await sandbox.skep(["sandbox", "stop", worker, "--kill", "--dir", sandbox.directory])
    try #require(kill.status == 0, "kill: \(kill.stderr)")
    await cleanup.add {
      _ = try? await self.sandbox.skep(["sandbox", "start", worker, "--dir", self.sandbox.directory])
    }
    let survivor = try await setup.runningAnywhere(service, besides: worker, database, timeout: 240)
    let rto = Date().timeIntervalSince(killed)
    print("node loss: \(worker) killed, \(service) running on \(survivor.node) after \(String(format: "%.1f", rto)) s")
    #expect(survivor.node != worker)
    #expect(
      try await database.stats(survivor.client, survivor.container) == (80, 1, 80),
      "every row up to the periodic snapshot")
    let taken = try await setup.lease()
    #expect(
      taken?.holder == survivor.node && (taken?.epoch ?? 0) > epochBefore,
      "the dead node's lease: \(String(describing: taken))")

    // The dead node comes back: its agent finds the lease gone and drops its stale mount.
    let restarted = try await sandbox.skep(["sandbox", "start", worker, "--dir", sandbox.directory])
    #expect(restarted.status == 0, "start: \(restarted.stderr)")
    let recovered = await sandbox.eventually(timeout: 120, every: 2) {
      let record = try setup.state(on: worker)
      return record?.leaseEpoch == nil && record?.mountIDs.isEmpty == true
    }
    let record = try setup.state(on: worker)
    #expect(recovered, "the restarted node's record: \(String(describing: record))")

    // And the volume can go back there: the restarted dockerd reports the skep driver again (the agent uses it once
    // when it starts), so the swarm does not refuse the node for a missing plugin.
    let back = try await sandbox.skep(
      ["volume", "mv", volume, "--to", worker, "--timeout", "120"], inventory: setup.inventory)
    #expect(back.status == 0, "volume mv back to the restarted \(worker): \(back.stdout) \(back.stderr)")
    (client, container) = try await setup.running(service, on: worker, database, timeout: 120)
    #expect(try await database.stats(client, container) == (80, 1, 80), "every row back on the restarted node")
  }
}

extension SwarmFormationTests {
  /// A 1 GiB volume moved: the new node's agent restores it in the background while Mount answers "restoring V: N %,
  /// retrying" (a 1 s wait makes that certain), the swarm's retries bring the task up with every byte, and no task
  /// is left with a Docker timeout.
  @Test func aOneGiBVolumeMovesThroughABackgroundRestoreWithoutADockerTimeout() async throws {
    let setup = try await VolumeDriverSetup.start(self, restoreWait: 1)
    let manager = setup.manager
    let (first, second) = (nodes[1].name, nodes[2].name)
    let service = "vbig-\(setup.suffix)"
    try await withCleanup { cleanup in
      await cleanup.add { await setup.tearDown() }
      await cleanup.add { try? await manager.removeService(service) }
      let fill = """
        if [ ! -e /data/big.sha ]; then
          head -c 1073741824 /dev/urandom > /data/big.bin && cd /data && sha256sum big.bin > big.sha.tmp && mv big.sha.tmp big.sha
        fi
        exec sleep infinity
        """
      var spec = setup.reader(name: service, node: first)
      spec.taskTemplate.containerSpec.command = ["sh", "-c", fill]
      _ = try await manager.createService(spec)
      let filled = await sandbox.eventually(timeout: 240, every: 2) {
        FileManager.default.fileExists(atPath: setup.dataDirectory(on: first) + "/big.sha")
      }
      try #require(filled, "the 1 GiB volume was not filled on \(first)")

      let moved = try await sandbox.skep(
        ["volume", "mv", setup.volume, "--to", second, "--timeout", "300"], inventory: setup.inventory)
      #expect(moved.status == 0, "volume mv: \(moved.stdout) \(moved.stderr)")
      let client = try sandbox.client(second)
      let running = try await client.containers(filters: ["label": ["com.docker.swarm.service.name=\(service)"]])
      let diagnosis = running.isEmpty ? await setup.diagnosis(service) : ""
      let container = try #require(running.first, "\(service) is not running on \(second): \(diagnosis)")
      let check = try await client.exec(container.id, command: ["sh", "-c", "cd /data && sha256sum -c big.sha"])
      #expect(check.exitCode == 0 && check.stdout.contains("big.bin: OK"), "checksum: \(check.stdout) \(check.stderr)")
      let errors = try await setup.taskErrors(service)
      #expect(
        errors.contains { $0.contains("restoring \(setup.volume):") }, "the background restore was seen: \(errors)")
      #expect(
        !errors.contains { $0.localizedCaseInsensitiveContains("timeout") || $0.contains("deadline exceeded") },
        "no Docker timeout: \(errors)")
    }
  }
}

/// The volume driver's setup: cluster, skep image, a repository of its own, its secret, the agent on every node.
struct VolumeDriverSetup {
  var tests: SwarmFormationTests
  var suffix: String
  var repository: String
  var password: String
  var inventory: String
  var volume: String
  var manager: DockerClient

  static func start(_ tests: SwarmFormationTests, restoreWait: Int = 30) async throws -> VolumeDriverSetup {
    let restore = try await RestoreSetup.start(tests)
    let settings = [
      "--lease-ttl", "12", "--heartbeat", "2", "--snapshot-interval", "15", "--restore-wait", String(restoreWait),
    ]
    let deployed = try await tests.sandbox.skep(["agent", "deploy"] + settings, inventory: restore.inventory)
    try #require(deployed.status == 0, "agent deploy: \(deployed.stdout) \(deployed.stderr)")
    let again = try await tests.sandbox.skep(["agent", "deploy"] + settings + ["--json"], inventory: restore.inventory)
    #expect(again.status == 0 && again.stdout.contains("\"unchanged\""), "rerun: \(again.stdout) \(again.stderr)")
    return VolumeDriverSetup(
      tests: tests, suffix: restore.suffix, repository: restore.repository, password: restore.password,
      inventory: restore.inventory, volume: "vd-\(restore.suffix)",
      manager: try tests.sandbox.client(tests.nodes[0].name))
  }

  var sandbox: SandboxFixture { tests.sandbox }

  /// Removes the volume's copies on every node (through the agents, once no container uses it), then the agent (so
  /// the password secret is free again) and what it left.
  func tearDown() async {
    for node in tests.nodes {
      guard let client = try? sandbox.client(node.name) else { continue }
      _ = await sandbox.eventually(timeout: 60, every: 1) {
        try await client.containers(all: true, filters: ["volume": [volume]]).isEmpty
      }
      _ = await sandbox.eventually(timeout: 60, every: 2) {
        if (try? await client.volume(volume)) == nil { return true }
        try await client.removeVolume(volume)
        return true
      }
    }
    try? await manager.removeService(AgentDeployment.serviceName)
    for node in tests.nodes {
      guard let client = try? sandbox.client(node.name) else { continue }
      _ = await sandbox.eventually(timeout: 30, every: 1) {
        try await client.containers(filters: ["label": ["com.docker.swarm.service.name=skep-agent"]]).isEmpty
      }
      try? await client.removeVolume(volume, force: true)
      try? FileManager.default.removeItem(atPath: "\(nodeRoot(node.name))/\(volume)")
      try? FileManager.default.removeItem(atPath: nodeRoot(node.name) + "/state.json")
    }
  }

  /// The share is mounted again. A restic run that was saving a file when it went away recreates the repository's
  /// folder on the "mount point" (restic makes missing folders); that stray folder is moved aside first, as an admin
  /// would before mounting the share again.
  func bringTheStoreBack() throws {
    let away = repository + ".away"
    guard FileManager.default.fileExists(atPath: away) else { return }
    if FileManager.default.fileExists(atPath: repository) {
      #expect(
        !FileManager.default.fileExists(atPath: repository + "/skep"),
        "no lease was written into a folder without the repository's config")
      try FileManager.default.moveItem(atPath: repository, toPath: repository + ".stray-\(UUID().uuidString.prefix(6))")
    }
    try FileManager.default.moveItem(atPath: away, toPath: repository)
  }

  func nodeRoot(_ node: String) -> String { "\(sandbox.directory)/nodes/\(node)/var-lib-skep/volumes" }

  func dataDirectory(on node: String) -> String { "\(nodeRoot(node))/\(volume)/data" }

  /// The node's persisted record of the volume.
  func state(on node: String) throws -> VolumeRecord? {
    guard let data = FileManager.default.contents(atPath: nodeRoot(node) + "/state.json") else { return nil }
    return try AgentStateFile.decode(data).volumes[volume]
  }

  func lease() async throws -> Lease? {
    try await FileLeaseStore(repository: repository).read(volume: volume).lease
  }

  /// The time of the volume's newest files snapshot, by plain restic.
  func newestSnapshotTime() async throws -> Date? {
    struct Entry: Decodable { var time: Date }
    let listed = try await tests.hostRestic(
      ["snapshots", "--json", "--tag", "volume=\(volume),kind=files"], repository: repository, passwordText: password)
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let text = try decoder.singleValueContainer().decode(String.self)
      guard let date = PlannedMove.date(text) else { throw FixtureError("restic time \(text)") }
      return date
    }
    return try decoder.decode([Entry].self, from: Data(listed.utf8)).map(\.time).max()
  }

  func taskErrors(_ service: String) async throws -> [String] {
    try await manager.tasks(filters: ["service": [service]]).compactMap { $0.status.err }
  }

  /// Every task of the service with its node, state and error, and every agent's last log lines: what a failure
  /// message needs to be understood.
  func diagnosis(_ service: String) async -> String {
    var lines: [String] = []
    let names = Dictionary(
      ((try? await manager.nodes()) ?? []).map { ($0.id, $0.description?.hostname ?? $0.id) },
      uniquingKeysWith: { first, _ in first })
    for task in (try? await manager.tasks(filters: ["service": [service]])) ?? [] {
      let node = task.nodeID.flatMap { names[$0] } ?? "-"
      lines.append("task \(task.id.prefix(8)) on \(node): \(task.status.state) \(task.status.err ?? "")")
    }
    for node in tests.nodes {
      lines.append("agent on \(node.name):\n\(await agentLogs(on: node.name))")
    }
    return lines.joined(separator: "\n")
  }

  func runningTasks(_ service: String) async throws -> [SwarmTask] {
    try await manager.tasks(filters: ["service": [service]]).filter { $0.status.state == "running" }
  }

  /// A debian container that mounts the volume at /data and sleeps, pinned to `node`.
  func reader(name: String, node: String) -> ServiceSpec {
    ServiceSpec(
      name: name,
      taskTemplate: TaskTemplate(
        containerSpec: ContainerSpec(
          image: "debian:bookworm", command: ["sleep", "infinity"],
          mounts: [.skep(volume, at: "/data")]),
        placement: .init(constraints: ["node.hostname==\(node)"])),
      mode: .replicated(replicas: 1))
  }

  /// The service's running MariaDB container on `node`, ready for SQL.
  func running(_ service: String, on node: String, _ database: MariaDBProbe, timeout: Double = 120) async throws
    -> (DockerClient, String)
  {
    let client = try sandbox.client(node)
    let deadline = Date().addingTimeInterval(timeout)
    var found: String?
    while found == nil, Date() < deadline {
      found = try? await client.containers(
        filters: ["label": ["com.docker.swarm.service.name=\(service)"], "status": ["running"]]
      ).first?.id
      if found == nil { try await Task.sleep(for: .seconds(1)) }
    }
    let diagnosis = found == nil ? await diagnosis(service) : ""
    let container = try #require(found, "\(service) is not running on \(node):\n\(diagnosis)")
    try #require(await database.waitReady(client, container, sandbox), "MariaDB on \(node) is not ready")
    return (client, container)
  }

  /// The last lines of the agent's log on `node` (for failure messages).
  func agentLogs(on node: String) async -> String {
    guard let client = try? sandbox.client(node),
      let agent = try? await client.containers(
        all: true, filters: ["label": ["com.docker.swarm.service.name=\(AgentDeployment.serviceName)"]]
      ).first
    else { return "(no agent container, or the engine does not answer)" }
    var lines: [String] = []
    do {
      for try await frame in client.containerLogs(agent.id, options: LogsOptions(tail: 60)) {
        lines.append(String(decoding: frame.bytes, as: UTF8.self))
      }
    } catch {
      lines.append("(logs: \(error))")
    }
    return lines.joined().split(separator: "\n").filter { !$0.contains("VolumeDriver.Get") }.joined(separator: "\n")
  }

  /// Wherever the service's task runs now, on a node other than `dead` (whose last task the swarm may still list as
  /// running).
  func runningAnywhere(_ service: String, besides dead: String, _ database: MariaDBProbe, timeout: Double) async throws
    -> (node: String, client: DockerClient, container: String)
  {
    let deadline = Date().addingTimeInterval(timeout)
    var found: String?
    while found == nil, Date() < deadline {
      if let nodes = try? await manager.nodes(), let tasks = try? await runningTasks(service) {
        found = tasks.compactMap { task in
          task.nodeID.flatMap { id in nodes.first { $0.id == id }?.description?.hostname }
        }
        .first { $0 != dead }
      }
      if found == nil { try await Task.sleep(for: .seconds(1)) }
    }
    let diagnosis = found == nil ? await diagnosis(service) : ""
    let node = try #require(found, "\(service) runs nowhere:\n\(diagnosis)")
    let (client, container) = try await running(service, on: node, database)
    return (node, client, container)
  }
}

extension ContainerSpec.Mount {
  /// A `driver: skep` volume mount.
  static func skep(_ volume: String, at target: String) -> ContainerSpec.Mount {
    .init(
      type: "volume", source: volume, target: target,
      volumeOptions: .init(driverConfig: .init(name: VolumeAgentDefaults.driverName)))
  }
}

extension MariaDBProbe {
  /// One replica pinned to `node`, `volume` of the skep driver at /var/lib/mysql.
  func skepService(name: String, volume: String, node: String) -> ServiceSpec {
    var spec = service(name: name, volume: volume, node: node)
    spec.taskTemplate.containerSpec.mounts = [.skep(volume, at: "/var/lib/mysql")]
    return spec
  }

  /// Inserts rows `ids` in one statement.
  func insert(_ client: DockerClient, _ container: String, ids: ClosedRange<Int>) async throws {
    let values = ids.map { "(\($0), 'row-\($0)')" }.joined(separator: ",")
    try await sql(client, container, "INSERT INTO t VALUES \(values)")
  }
}

private struct MoveJSON: Decodable {
  var volume: String
  var service: String
  var from: [String]
  var to: String
  var stopToRunningSeconds: Double?
}

private struct VolumeRowJSON: Decodable {
  var name: String
  var node: String?
  var state: String
  var newestSnapshot: String?
}
