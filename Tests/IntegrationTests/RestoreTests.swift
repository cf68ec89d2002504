import Backup
import DockerEngine
import Foundation
import Sandbox
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  /// A MariaDB service on the second node takes inserts every ~50 ms during `backup run`; its volume restored by
  /// `skep restore` on the third node starts a fresh MariaDB holding ids 1…K without a gap, K at least the last id
  /// committed before the run; the run's dump loaded into an empty MariaDB holds the same rows as the original. On
  /// the way: a volume in use, a volume that is not empty (without and with --force), a volume without snapshots.
  @Test func restoreMariaDBOnAnotherNodeAndItsDumpIntoAnEmptyOne() async throws {
    let setup = try await RestoreSetup.start(self)
    let volume = "rdb-\(setup.suffix)"
    let manager = try sandbox.client(nodes[0].name)
    let sourceClient = try sandbox.client(nodes[1].name)
    let otherClient = try sandbox.client(nodes[2].name)
    do {
      try await restoreScenario(setup, volume: volume)
    } catch {
      await removeRestoreLeftovers(volume, manager: manager, source: sourceClient, other: otherClient)
      throw error
    }
    await removeRestoreLeftovers(volume, manager: manager, source: sourceClient, other: otherClient)
  }

  /// The service, its volume and the restored volume.
  func removeRestoreLeftovers(_ volume: String, manager: DockerClient, source: DockerClient, other: DockerClient)
    async
  {
    try? await manager.removeService(volume)
    _ = await sandbox.eventually(timeout: 60, every: 1) {
      try await source.containers(all: true, filters: ["volume": [volume]]).isEmpty
    }
    try? await source.removeVolume(volume, force: true)
    try? await other.removeVolume("\(volume)-restored", force: true)
  }

  func restoreScenario(_ setup: RestoreSetup, volume: String) async throws {
    let source = nodes[1].name
    let other = nodes[2].name
    let sourceClient = try sandbox.client(source)
    let otherClient = try sandbox.client(other)
    let restored = "\(volume)-restored"
    let database = MariaDBProbe(password: "root-\(UUID().uuidString.prefix(12))")
    _ = try await sandbox.client(nodes[0].name).createService(
      database.service(name: volume, volume: volume, node: source))
    let container = try #require(
      await database.serviceContainer(volume, on: sourceClient, sandbox),
      "the MariaDB service did not start on \(source)")
    #expect(await database.waitReady(sourceClient, container, sandbox))
    try await database.sql(sourceClient, container, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(64))")
    try await database.startInserting(sourceClient, container)

    // Inserts run while the backup dumps and pauses the database.
    #expect(
      await sandbox.eventually(timeout: 30, every: 0.5) { try await database.maxID(sourceClient, container) >= 20 })
    let committedBefore = try await database.maxID(sourceClient, container)
    let run = try await sandbox.skep(
      ["backup", "run", "--node", source, "--volume", volume, "--json", "--keep-job"], inventory: setup.inventory)
    #expect(run.status == 0, "backup run: \(run.stdout)\n\(run.stderr)")
    // The database's password was used by the dump, and appears nowhere skep puts things.
    try await expectJobKeepsSecret(run, database.password)
    try await Task.sleep(for: .seconds(1))
    try await database.stopInserting(sourceClient, container)
    let committedAfter = try await database.maxID(sourceClient, container)
    #expect(committedAfter > committedBefore + 10, "inserts did not go on during the backup")

    // Refusals: no snapshot; the original volume is used by the service's container.
    let none = try await sandbox.skep(["restore", "none-\(setup.suffix)", "--node", other], inventory: setup.inventory)
    #expect(none.status != 0 && none.stderr.contains("no files snapshot of volume none-"), "\(none.stderr)")
    let inUse = try await sandbox.skep(["restore", volume, "--node", source], inventory: setup.inventory)
    #expect(inUse.status != 0 && inUse.stderr.contains(container), "in use: \(inUse.stderr)")

    let first = try await sandbox.skep(
      ["restore", volume, "--node", other, "--as", restored, "--json"], inventory: setup.inventory)
    try #require(first.status == 0, "restore: \(first.stderr)")
    let report = try JSONDecoder().decode(RestoreJSON.self, from: Data(first.stdout.utf8))
    let latest = try await setup.latestFilesSnapshot(volume)
    #expect(report.snapshot == latest && report.target == restored && report.files > 10 && report.bytes > 1 << 20)

    // Not empty: refused; with --force its content is replaced (a stray file disappears).
    let data = "\(sandbox.directory)/nodes/\(other)/var-lib-docker/volumes/\(restored)/_data"
    try "stray".write(toFile: data + "/stray-file", atomically: true, encoding: .utf8)
    let notEmpty = try await sandbox.skep(
      ["restore", volume, "--node", other, "--as", restored], inventory: setup.inventory)
    #expect(notEmpty.status != 0 && notEmpty.stderr.contains("is not empty"), "\(notEmpty.stderr)")
    #expect(FileManager.default.fileExists(atPath: data + "/stray-file"))
    let forced = try await sandbox.skep(
      ["restore", volume, "--node", other, "--as", restored, "--force"], inventory: setup.inventory)
    #expect(forced.status == 0 && forced.stdout.contains("restored snapshot"), "\(forced.stderr)")
    #expect(!FileManager.default.fileExists(atPath: data + "/stray-file"))

    let original = try await database.rows(sourceClient, container, upTo: committedAfter)
    try await NodeResources.with(otherClient) { node in
      // The files: a fresh MariaDB on the restored volume.
      let fresh = try await node.container("restored-db", database.container(binds: ["\(restored):/var/lib/mysql"]))
      #expect(await database.waitReady(otherClient, fresh, sandbox), "MariaDB did not start on the restored volume")
      let stats = try await database.stats(otherClient, fresh)
      #expect(stats.count == stats.max && stats.min == 1, "ids not contiguous: \(stats)")
      #expect(stats.max >= committedBefore && stats.max <= committedAfter, "\(stats), before \(committedBefore)")
      #expect(try await database.rows(otherClient, fresh, upTo: stats.max) == Array(original.prefix(stats.max)))

      // The dump: plain restic on the host, loaded into an empty MariaDB.
      let dump = try await hostRestic(
        ["dump", "latest", "--tag", "volume=\(volume),kind=dump", "mysql-all-databases.sql"],
        repository: setup.repository, passwordText: setup.password)
      let inbox = try await node.volume("dump-in")
      try dump.write(
        toFile: "\(sandbox.directory)/nodes/\(other)/var-lib-docker/volumes/\(inbox)/_data/all.sql", atomically: true,
        encoding: .utf8)
      let empty = try await node.volume("dump-db")
      let loaded = try await node.container(
        "dump-db", database.container(binds: ["\(empty):/var/lib/mysql", "\(inbox):/dump"]))
      #expect(await database.waitReady(otherClient, loaded, sandbox))
      let load = try await otherClient.exec(
        loaded, command: ["sh", "-c", "mariadb -uroot < /dump/all.sql"], options: database.execOptions)
      try #require(load.exitCode == 0, "loading the dump: \(load.stderr)")
      let dumped = try await database.stats(otherClient, loaded)
      #expect(dumped.count == dumped.max && dumped.min == 1, "dump ids not contiguous: \(dumped)")
      #expect(dumped.max >= committedBefore && dumped.max <= committedAfter, "\(dumped)")
      // The agent dumps before it pauses: the files snapshot is the later point in time.
      #expect(stats.max >= dumped.max, "files \(stats), dump \(dumped)")
      #expect(try await database.rows(otherClient, loaded, upTo: dumped.max) == Array(original.prefix(dumped.max)))
    }

    // skep restore --dump: the service's own database, emptied, gets the dump's rows back.
    try await database.sql(sourceClient, container, "DROP TABLE t")
    let loaded = try await sandbox.skep(["restore", "--dump", volume], inventory: setup.inventory)
    #expect(loaded.status == 0 && loaded.stdout.contains("loaded dump"), "restore --dump: \(loaded.stderr)")
    #expect(!(loaded.stdout + loaded.stderr).contains(database.password))
    let back = try await database.stats(sourceClient, container)
    #expect(back.count == back.max && back.min == 1 && back.max >= committedBefore, "after --dump: \(back)")
    #expect(try await database.rows(sourceClient, container, upTo: back.max) == Array(original.prefix(back.max)))
    let left = try FileManager.default.contentsOfDirectory(
      atPath: "\(sandbox.directory)/nodes/\(source)/var-lib-docker/volumes/\(volume)/_data")
    #expect(!left.contains { $0.hasPrefix(".skep-load-") }, "the dump file was left in the volume")

    // The database's password changed behind its environment's back: the dump fails, no dump snapshot is added,
    // the run says which volume failed and exits 1; the volume's files and another volume are still backed up.
    try await database.sql(sourceClient, container, "ALTER USER 'root'@'localhost' IDENTIFIED BY 'changed-elsewhere'")
    let plain = "rplain-\(setup.suffix)"
    _ = try await sourceClient.createVolume(VolumeCreateRequest(name: plain))
    try "plain data".write(
      toFile: "\(sandbox.directory)/nodes/\(source)/var-lib-docker/volumes/\(plain)/_data/file", atomically: true,
      encoding: .utf8)
    let dumpsBefore = try await setup.snapshotCount(tags: "volume=\(volume),kind=dump")
    let broken = try await sandbox.skep(
      ["backup", "run", "--node", source, "--volume", volume, "--volume", plain, "--json"], inventory: setup.inventory)
    #expect(broken.status == 1, "a failed dump must fail the run: \(broken.stdout)\n\(broken.stderr)")
    let runReport = try JSONDecoder().decode(RunJSON.self, from: Data(broken.stdout.utf8))
    let dumpEvent = runReport.events.first { $0.volume == volume && $0.kind == .dump }
    #expect(dumpEvent?.status == .failed && dumpEvent?.reason?.contains("Access denied") == true, "\(broken.stdout)")
    #expect(
      runReport.events.filter { $0.kind == .files && $0.status == .ok }.map(\.volume).sorted()
        == [plain, volume].sorted())
    #expect(runReport.summary.failed == 1 && runReport.summary.failedNodes == [source], "\(broken.stdout)")
    #expect(try await setup.snapshotCount(tags: "volume=\(volume),kind=dump") == dumpsBefore)
    #expect(try await setup.snapshotCount(tags: "volume=\(plain),kind=files") == 1)
    #expect(!(broken.stdout + broken.stderr).contains(database.password))
    try? await sourceClient.removeVolume(plain, force: true)
  }

  /// The kept job service of `run` (`--keep-job`): neither its spec nor its logs nor the run's output hold `secret`;
  /// the service is removed.
  func expectJobKeepsSecret(_ run: CommandOutput, _ secret: String) async throws {
    #expect(!(run.stdout + run.stderr).contains(secret), "the secret is in the run's output")
    let job = run.stderr.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("skep-backup-2") }.map(String.init)
    let name = try #require(job, "no job name on stderr: \(run.stderr)")
    let manager = try sandbox.client(nodes[0].name)
    let service = try await manager.service(name)
    let spec = String(decoding: try JSONEncoder().encode(service.spec), as: UTF8.self)
    #expect(!spec.contains(secret), "the secret is in the job's spec")
    var logs = ""
    for try await frame in manager.serviceLogs(name) { logs += frame.text }
    #expect(!logs.isEmpty && !logs.contains(secret), "the secret is in the job's logs")
    try await manager.removeService(name)
  }
}

/// The parts of `skep backup run --json` these tests read.
struct RunJSON: Decodable {
  struct Summary: Decodable {
    var ok: Int
    var failed: Int
    var failedNodes: [String]
  }
  var events: [BackupEvent]
  var summary: Summary
}

/// `skep restore --json`.
struct RestoreJSON: Decodable {
  var snapshot: String
  var target: String
  var files: Int
  var bytes: Int64
}

/// A swarm with the skep image, a fresh repository and the password secret: what every restore scenario starts from.
struct RestoreSetup {
  var tests: SwarmFormationTests
  var suffix: String
  var repository: String
  var password: String
  var inventory: String

  static func start(_ tests: SwarmFormationTests) async throws -> RestoreSetup {
    let fixture = try await tests.initializedBackupFixture(name: "restore")
    return RestoreSetup(
      tests: tests, suffix: fixture.suffix, repository: fixture.repository, password: fixture.password,
      inventory: fixture.inventory)
  }

  /// How many snapshots carry every tag of `tags` (`volume=V,kind=K`), by plain restic.
  func snapshotCount(tags: String) async throws -> Int {
    let listed = try await tests.hostRestic(
      ["snapshots", "--json", "--tag", tags], repository: repository, passwordText: password)
    return (try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [Any])?.count ?? -1
  }

  /// The full id of the newest files snapshot of `volume`, by plain restic.
  func latestFilesSnapshot(_ volume: String) async throws -> String? {
    struct Entry: Decodable {
      var id: String
      var time: String
    }
    let listed = try await tests.hostRestic(
      ["snapshots", "--json", "--tag", "volume=\(volume),kind=files"], repository: repository,
      passwordText: password)
    return try JSONDecoder().decode([Entry].self, from: Data(listed.utf8)).max { $0.time < $1.time }?.id
  }
}

/// A MariaDB 10.11 with database `shop` and table `t (id, v)`, driven through `docker exec` with the root password
/// in the exec's environment.
struct MariaDBProbe {
  var password: String
  var execOptions: ExecOptions { ExecOptions(env: ["MYSQL_PWD=\(password)"]) }
  var environment: [String] { ["MARIADB_ROOT_PASSWORD=\(password)", "MARIADB_DATABASE=shop"] }

  /// One replica pinned to `node`, `volume` at /var/lib/mysql.
  func service(name: String, volume: String, node: String) -> ServiceSpec {
    ServiceSpec(
      name: name,
      taskTemplate: TaskTemplate(
        containerSpec: ContainerSpec(
          image: "mariadb:10.11", env: environment,
          mounts: [.init(type: "volume", source: volume, target: "/var/lib/mysql")]),
        placement: .init(constraints: ["node.hostname==\(node)"])),
      mode: .replicated(replicas: 1))
  }

  /// The running container of `service` on the node of `client`, once there is one.
  func serviceContainer(_ service: String, on client: DockerClient, _ sandbox: SandboxFixture) async -> String? {
    for _ in 0..<180 {
      let found = try? await client.containers(
        filters: ["label": ["com.docker.swarm.service.name=\(service)"], "status": ["running"]])
      if let name = found?.first?.names?.first { return String(name.drop { $0 == "/" }) }
      try? await Task.sleep(for: .seconds(1))
    }
    return nil
  }

  func container(binds: [String]) -> ContainerCreateConfig {
    ContainerCreateConfig(image: "mariadb:10.11", env: environment, hostConfig: .init(binds: binds))
  }

  func waitReady(_ client: DockerClient, _ container: String, _ sandbox: SandboxFixture) async -> Bool {
    await sandbox.eventually(timeout: 120, every: 1) {
      try await client.exec(container, command: ["mariadb", "-uroot", "-e", "SELECT 1"], options: execOptions)
        .exitCode == 0
    }
  }

  @discardableResult
  func sql(_ client: DockerClient, _ container: String, _ statement: String) async throws -> String {
    let result = try await client.exec(
      container, command: ["mariadb", "-uroot", "-N", "-B", "shop", "-e", statement], options: execOptions)
    guard result.exitCode == 0 else { throw FixtureError("\(statement): \(result.stderr)") }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// A loop in the container inserting ids 1, 2, … one row per statement (autocommit), every ~50 ms, until
  /// ``stopInserting(_:_:)``.
  func startInserting(_ client: DockerClient, _ container: String) async throws {
    let loop = """
      i=1
      while [ ! -e /tmp/stop-inserting ]; do
        mariadb -uroot shop -e "INSERT INTO t VALUES ($i, 'row-$i')" || exit 1
        i=$((i + 1))
        sleep 0.05
      done
      """
    let started = try await client.exec(
      container, command: ["sh", "-c", "nohup sh -c \"$0\" >/tmp/inserting.log 2>&1 </dev/null &", loop],
      options: execOptions)
    guard started.exitCode == 0 else { throw FixtureError("inserter: \(started.stderr)") }
  }

  func stopInserting(_ client: DockerClient, _ container: String) async throws {
    _ = try await client.exec(container, command: ["touch", "/tmp/stop-inserting"])
    try await Task.sleep(for: .milliseconds(500))
  }

  func maxID(_ client: DockerClient, _ container: String) async throws -> Int {
    Int(try await sql(client, container, "SELECT COALESCE(MAX(id), 0) FROM t")) ?? -1
  }

  /// `COUNT(*)`, `MIN(id)`, `MAX(id)` of `t`.
  func stats(_ client: DockerClient, _ container: String) async throws -> (count: Int, min: Int, max: Int) {
    let fields = try await sql(client, container, "SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM t")
      .split(separator: "\t").map { Int($0) ?? -1 }
    guard fields.count == 3 else { throw FixtureError("stats: \(fields)") }
    return (fields[0], fields[1], fields[2])
  }

  /// `id v` lines of the rows up to `id`, in order.
  func rows(_ client: DockerClient, _ container: String, upTo id: Int) async throws -> [String] {
    try await sql(client, container, "SELECT id, v FROM t WHERE id <= \(id) ORDER BY id")
      .split(separator: "\n").map(String.init)
  }
}
