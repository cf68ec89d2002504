import Backup
import DockerEngine
import Foundation
import SkepTestSupport
import Testing

/// `skep agent backup` (the built binary) against real sandbox engines, checked with plain restic.
@Suite(.serialized, .enabled(if: SandboxFixture.isEnabled))
struct AgentBackupTests {
  let sandbox: SandboxFixture

  init() throws { sandbox = try SandboxFixture.shared() }

  /// `skep agent backup` for `node` into `repository`; `path` overrides PATH (to put a fake restic first).
  func agentArguments(_ node: String, _ repository: ScratchRepository, volumes: [String]) throws -> [String] {
    guard let docker = try sandbox.inventory().node(named: node)?.docker else {
      throw FixtureError("no node \(node) in the sandbox")
    }
    return [
      "agent", "backup", "--node", node, "--volumes-root", "\(sandbox.directory)/nodes/\(node)/var-lib-docker/volumes",
      "--repository", repository.repository, "--password-file", repository.passwordFile, "--docker", docker,
    ] + volumes.flatMap { ["--volume", $0] }
  }

  func environment(_ repository: ScratchRepository, path: String? = nil) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    if let path { environment["PATH"] = path + ":" + (environment["PATH"] ?? "/usr/bin:/bin") }
    environment["RESTIC_CACHE_DIR"] = repository.path("agent-cache")
    return environment
  }

  func runAgent(_ arguments: [String], _ repository: ScratchRepository, path: String? = nil) throws -> (
    ProcessResult, [BackupEvent]
  ) {
    let result = try runProcess(sandbox.binary, arguments, environment: environment(repository, path: path))
    let lines = result.stdout.split(whereSeparator: \.isNewline).map(String.init)
    let events = lines.compactMap(BackupEvent.parse(line:))
    let holds = lines.compactMap(ContainerHoldLine.parse(line:))
    #expect(events.count + holds.count == lines.count, "stdout holds only event and hold lines: \(result.stdout)")
    // Every container the agent froze, it put back.
    #expect(ContainerHoldLine.stillFrozen(holds).isEmpty, "\(result.stdout)")
    return (result, events)
  }

  func state(_ client: DockerClient, _ container: String) async throws -> String? {
    try await client.inspectContainer(container).state?.status
  }

  /// A fake `restic` that runs the real one except for `backup`, which does `behaviour` instead.
  func fakeRestic(in directory: String, backup behaviour: String) throws -> String {
    let folder = directory + "/fake-bin"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let script = """
      #!/bin/sh
      if [ "$1" = backup ]; then \(behaviour); fi
      exec /usr/bin/restic "$@"
      """
    try Data(script.utf8).write(to: URL(fileURLWithPath: folder + "/restic"))
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder + "/restic")
    return folder
  }

  @Test func volumeIsRestoredExactlyByPlainRestic() async throws {
    try await ScratchRepository.with { repository in
      try await NodeResources.with(try sandbox.client("node1")) { node in
        let volume = try await node.volume("agent-files")
        try await node.fill(volume)
        // An empty volume has nothing to lose: skipped, not failed (restic keeps no empty snapshot).
        let empty = try await node.volume("agent-empty")
        let (result, events) = try runAgent(
          try agentArguments("node1", repository, volumes: [volume, empty]), repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(events.count == 2)
        let emptyEvent = try #require(events.first { $0.volume == empty })
        #expect(
          emptyEvent.status == .skipped && emptyEvent.reason?.hasPrefix("empty: no file") == true, "\(emptyEvent)")
        #expect(try repository.snapshotIDs(tag: "volume=\(empty)").isEmpty)
        let event = try #require(events.first { $0.volume == volume })
        #expect(event.volume == volume && event.status == .ok && event.kind == .files && event.node == "node1")
        #expect((event.files ?? 0) >= 200)

        let ids = try repository.snapshotIDs(tag: "volume=\(volume)")
        #expect(ids.count == 1)
        let target = repository.path("restored")
        let restored = try repository.restic(["restore", "latest", "--tag", "volume=\(volume)", "--target", target])
        #expect(restored.status == 0, "\(restored.stderr)")
        let original = try treeListing("\(sandbox.directory)/nodes/node1/var-lib-docker/volumes/\(volume)/_data")
        #expect(original.contains("1000:1000") && original.contains("link-to-large -> large.bin"))
        #expect(try treeListing(target) == original)
      }
    }
  }

  @Test func pausedContainerRunsAgainWhenTheBackupFails() async throws {
    try await ScratchRepository.with { repository in
      let client = try sandbox.client("node1")
      try await NodeResources.with(client) { node in
        let volume = try await node.volume("agent-pause")
        let app = try await node.container(
          "agent-pause-app",
          ContainerCreateConfig(
            image: "debian:bookworm", cmd: ["sleep", "600"], labels: ["skep.backup.consistency": "pause"],
            hostConfig: .init(binds: ["\(volume):/data"])))

        // restic fails after the container was paused.
        let fake = try fakeRestic(in: repository.root.path, backup: "echo 'Fatal: simulated failure' >&2; exit 1")
        let (failed, events) = try runAgent(
          try agentArguments("node1", repository, volumes: [volume]), repository, path: fake)
        #expect(failed.status == 0, "a failed volume is reported by its line, not by the exit status")
        #expect(events.map(\.status) == [.failed] && events.first?.mode == .pause)
        #expect(events.first?.reason?.contains("simulated failure") == true)
        #expect(failed.stderr.contains("paused container \(app)"))
        #expect(try await state(client, app) == "running")
        #expect(try repository.snapshotIDs(tag: "volume=\(volume)").isEmpty)

        // A wrong repository password fails before anything is paused.
        try Data("wrong".utf8).write(to: URL(fileURLWithPath: repository.passwordFile))
        let (refused, refusedEvents) = try runAgent(
          try agentArguments("node1", repository, volumes: [volume]), repository)
        #expect(refused.status == 0)
        #expect(refusedEvents.map(\.status) == [.failed])
        #expect(refusedEvents.first?.reason?.contains("wrong password") == true)
        #expect(!refused.stderr.contains("paused container"))
        #expect(try await state(client, app) == "running")
      }
    }
  }

  @Test func killedAgentUnpausesWhatItPaused() async throws {
    try await ScratchRepository.with { repository in
      let client = try sandbox.client("node2")
      try await NodeResources.with(client) { node in
        let volume = try await node.volume("agent-kill")
        let app = try await node.container(
          "agent-kill-app",
          ContainerCreateConfig(
            image: "debian:bookworm", cmd: ["sleep", "600"], labels: ["skep.backup.consistency": "pause"],
            hostConfig: .init(binds: ["\(volume):/data"])))
        // A restic that notes SIGINT (what makes the real one remove its lock) and exits.
        let marker = repository.root.path + "/restic-interrupted"
        let fake = try fakeRestic(
          in: repository.root.path, backup: "trap 'echo yes > \(marker); kill $!; exit 130' INT; sleep 20 & wait $!")
        let agent = try StartedProcess(
          sandbox.binary, try agentArguments("node2", repository, volumes: [volume]),
          environment: environment(repository, path: fake))
        let paused = await sandbox.eventually(timeout: 30, every: 0.2) {
          agent.stderrSoFar.contains("paused container \(app)")
        }
        #expect(paused)
        #expect(try await state(client, app) == "paused")
        kill(agent.process.processIdentifier, SIGTERM)
        let result = agent.wait()
        #expect(result.status == 128 + SIGTERM, "\(result.stderr)")
        #expect(try await state(client, app) == "running")
        #expect(FileManager.default.fileExists(atPath: marker), "restic was not interrupted: \(result.stderr)")
      }
    }
  }

  /// Waits until the MariaDB in `container` accepts `root` with `password` over its socket.
  func waitForMariaDB(_ client: DockerClient, _ container: String, password: String) async -> Bool {
    await sandbox.eventually(timeout: 120, every: 1) {
      let result = try await client.exec(
        container, command: ["mariadb", "-uroot", "-e", "SELECT 1"],
        options: ExecOptions(env: ["MYSQL_PWD=\(password)"]))
      return result.exitCode == 0
    }
  }

  func mariadb(_ volume: String, environment: [String]) -> ContainerCreateConfig {
    ContainerCreateConfig(
      image: "mariadb:10.11", env: environment, hostConfig: .init(binds: ["\(volume):/var/lib/mysql"]))
  }

  @Test func mariadbDumpStreamsIntoResticAndAFailedDumpLeavesNoSnapshot() async throws {
    let client = try sandbox.client("node2")
    try await NodeResources.with(client) { node in
      let rootPassword = "db-root-\(UUID().uuidString.prefix(12))"
      let marker = "row-\(UUID().uuidString.prefix(8))"
      let data = try await node.volume("agent-db")
      let other = try await node.volume("agent-other")
      try await node.fill(other)
      let database = try await node.container(
        "agent-db", mariadb(data, environment: ["MARIADB_ROOT_PASSWORD=\(rootPassword)", "MARIADB_DATABASE=shop"]))
      #expect(await waitForMariaDB(client, database, password: rootPassword))
      let insert = try await client.exec(
        database,
        command: [
          "mariadb", "-uroot", "shop", "-e",
          "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(64)); INSERT INTO items VALUES (1, '\(marker)-a'), (2, '\(marker)-b');",
        ], options: ExecOptions(env: ["MYSQL_PWD=\(rootPassword)"]))
      try #require(insert.exitCode == 0, "\(insert.stderr)")

      try await ScratchRepository.with { repository in
        let (result, events) = try runAgent(
          try agentArguments("node2", repository, volumes: [data, other]), repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains(rootPassword) && !result.stderr.contains(rootPassword))
        let dump = try #require(events.first { $0.kind == .dump })
        #expect(dump.volume == data && dump.status == .ok)
        let files = events.filter { $0.kind == .files }
        #expect(files.map(\.volume).sorted() == [data, other].sorted() && files.allSatisfy { $0.status == .ok })
        #expect(files.first { $0.volume == data }?.mode == .pause)
        #expect(try await state(client, database) == "running")

        #expect(try repository.snapshotIDs(tag: "volume=\(data),kind=dump").count == 1)
        let dumped = try repository.restic(
          ["dump", "latest", "--tag", "volume=\(data),kind=dump", "mysql-all-databases.sql"])
        #expect(dumped.status == 0, "\(dumped.stderr)")
        // mariadb-dump 10.11 writes each row of an INSERT on its own line.
        let statement = try #require(dumped.stdout.range(of: "INSERT INTO `items` VALUES"))
        let insert = dumped.stdout[statement.lowerBound...].prefix { $0 != ";" }
        #expect(insert.contains("(1,'\(marker)-a')") && insert.contains("(2,'\(marker)-b')"), "\(insert)")
      }

      // The same data under a container whose environment names a user that does not exist: the dump fails.
      try await client.removeContainer(database, force: true)
      let wrongPassword = "wrong-\(UUID().uuidString.prefix(12))"
      let broken = try await node.container(
        "agent-db-broken",
        mariadb(data, environment: ["MARIADB_USER=nobody", "MARIADB_PASSWORD=\(wrongPassword)"]))
      #expect(await waitForMariaDB(client, broken, password: rootPassword))
      try await ScratchRepository.with { repository in
        let (result, events) = try runAgent(
          try agentArguments("node2", repository, volumes: [data, other]), repository)
        #expect(result.status == 0)
        #expect(!result.stdout.contains(wrongPassword) && !result.stderr.contains(wrongPassword))
        let dump = try #require(events.first { $0.kind == .dump })
        #expect(dump.status == .failed && dump.reason?.contains("Access denied") == true, "\(dump)")
        #expect(try repository.snapshotIDs(tag: "volume=\(data),kind=dump").isEmpty)
        #expect(try repository.snapshotIDs(tag: "volume=\(data),kind=files").count == 1)
        #expect(try repository.snapshotIDs(tag: "volume=\(other),kind=files").count == 1)
        #expect(try await state(client, broken) == "running")
      }
    }
  }
}
