import Backup
import DockerEngine
import Foundation
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  /// `skep clean` on the sandbox: an unused volume with content and no snapshot is kept ("no snapshot");
  /// `--dry-run` lists what it would remove and changes nothing on any node; after `backup run --volume` the volume
  /// goes, with a stopped non-service container and a dangling image. A second volume, written after its snapshot
  /// by something that left no container (`docker run --rm`: no last use on record), is kept "changed after its newest
  /// snapshot" with its content intact, and goes after another backup. Scoped with `--label` to this test's objects,
  /// since other engineers share the sandbox.
  @Test func skepCleanKeepsUnprotectedVolumesAndRemovesWhatIsSafe() async throws {
    let fixture = try await initializedBackupFixture(name: "clean")
    let suffix = fixture.suffix
    let node = nodes[1].name
    let client = try sandbox.client(node)
    let labels = ["skep.test.clean": suffix]
    let volume = "cl-\(suffix)"
    let repository = "cl-\(suffix)"
    let containerName = "cl-\(suffix)-stopped"
    do {
      try await cleanScenario(
        fixture, node: node, client: client, labels: labels, volume: volume, repository: repository,
        containerName: containerName)
    } catch {
      Issue.record(error)
    }
    try? await client.removeContainer(containerName, force: true)
    try? await client.removeContainer("\(containerName)-writer", force: true)
    try? await client.removeImage("\(repository):latest", force: true)
    try? await client.removeVolume(volume, force: true)
    try? await client.removeVolume("\(volume)-rm", force: true)
    try? await fixture.manager.removeService("cl-job-\(fixture.suffix)")
  }

  func cleanScenario(
    _ fixture: BackupFixture, node: String, client: DockerClient, labels: [String: String], volume: String,
    repository: String, containerName: String
  ) async throws {
    let scope = (labels.map { ["--label", "\($0.key)=\($0.value)"] }.first ?? []) + ["--minimum-job-age", "0"]
    let suffix = fixture.suffix
    _ = try await client.createVolume(VolumeCreateRequest(name: volume, labels: labels))
    let data = "\(sandbox.directory)/nodes/\(node)/var-lib-docker/volumes/\(volume)/_data"
    try "precious \(suffix)\n".write(toFile: data + "/keep.txt", atomically: true, encoding: .utf8)
    let gone = "\(volume)-rm"
    _ = try await client.createVolume(VolumeCreateRequest(name: gone, labels: labels))
    let goneData = "\(sandbox.directory)/nodes/\(node)/var-lib-docker/volumes/\(gone)/_data"
    try "before \(suffix)\n".write(toFile: goneData + "/before.txt", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: goneData + "/sub", withIntermediateDirectories: false)

    // No snapshot: kept, said why, content untouched.
    let first = try await clean(scope + ["--json"], inventory: fixture.inventory)
    #expect(first.row(node, .volume, volume)?.status == .kept)
    #expect(first.row(node, .volume, volume)?.reason == "no snapshot")
    #expect(try String(contentsOfFile: data + "/keep.txt", encoding: .utf8) == "precious \(suffix)\n")
    #expect(try await client.volumes().contains { $0.name == volume })

    // Snapshot, then a container writes to the volume and exits: the snapshot is older than that last use, so the
    // volume stays, and so does the container that holds the record of that use.
    let early = try await sandbox.skep(["backup", "run", "--volume", volume], inventory: fixture.inventory)
    #expect(early.status == 0, "backup run: \(early.stdout)\n\(early.stderr)")
    let registry = try #require(try sandbox.inventory().registry)
    let writer = try await client.createContainer(
      name: "\(containerName)-writer",
      config: ContainerCreateConfig(
        image: "\(registry)/skep:latest", entrypoint: ["/bin/sh", "-c", "echo later > /data/later.txt"],
        labels: labels, hostConfig: .init(binds: ["\(volume):/data"])))
    try await client.startContainer(writer)
    #expect(try await client.waitContainer(writer) == 0)
    let stopped = ContinuousClock.now
    let used = try await clean(scope + ["--json", "--dry-run"], inventory: fixture.inventory)
    #expect(used.row(node, .volume, volume)?.status == .kept, "\(used.rows)")
    #expect(used.row(node, .volume, volume)?.reason.contains("older than its last use") == true, "\(used.rows)")
    #expect(used.row(node, .container, "\(containerName)-writer")?.status == .kept, "\(used.rows)")

    // A dangling image (the tag moved to a second import) and a stopped container of no service.
    let dangling = try await importTinyImage(client, repository: repository, content: "one", labels: labels)
    let tagged = try await importTinyImage(client, repository: repository, content: "two", labels: labels)
    #expect(dangling != tagged)
    let container = try await client.createContainer(
      name: containerName,
      config: ContainerCreateConfig(image: "\(repository):latest", cmd: ["/nothing"], labels: labels))
    #expect(try await client.images(filters: ["dangling": ["true"]]).contains { $0.id == dangling })

    let job = try await finishedJob(fixture, node: node, labels: labels)

    // Docker's "N minutes ago" is truncated by up to a minute; a snapshot more than a minute after the stop is
    // newer than skep's bound for it.
    try await Task.sleep(until: stopped + .seconds(62))
    let run = try await sandbox.skep(
      ["backup", "run", "--volume", volume, "--volume", gone], inventory: fixture.inventory)
    #expect(run.status == 0, "backup run: \(run.stdout)\n\(run.stderr)")

    // After its snapshot, `gone` is written by something that leaves no container on record (a removed `--rm`
    // container or stack), below its top directory: Docker 20.10 reports the top directory's mtime as a volume's
    // CreatedAt, so the last-use rule alone catches a write at the top; this one only the content check sees.
    try await Task.sleep(for: .seconds(1))
    try "after\n".write(toFile: goneData + "/sub/after.txt", atomically: false, encoding: .utf8)

    // The same volume, now protected, but the repository cannot be read (made with another password): it would be
    // kept (a dry run, so the container and image stay for the steps below).
    let other = "\(fixture.nas)/restic-clean-other-\(suffix)"
    try await hostRestic(["init"], repository: other, passwordText: "another-password")
    let unreadable = try sandbox.writeInventory(
      try backupInventoryText(repository: other), name: "clean-other-\(suffix).yml")
    let closed = try await clean(scope + ["--json", "--dry-run"], inventory: unreadable)
    #expect(closed.row(node, .volume, volume)?.status == .kept, "\(closed.rows)")
    #expect(closed.row(node, .volume, volume)?.reason.contains("wrong password") == true, "\(closed.rows)")
    #expect(try await client.volumes().contains { $0.name == volume })

    // Dry run: lists the removals, changes nothing on any node.
    // The backup job's task containers are removed by swarm shortly after its service: let the lists settle first.
    let before = try await settledLists()
    let dry = try await clean(scope + ["--json", "--dry-run"], inventory: fixture.inventory)
    #expect(dry.row(node, .volume, volume)?.status == .wouldRemove, "\(dry.rows)")
    #expect(dry.row(node, .container, containerName)?.status == .wouldRemove, "\(dry.rows)")
    #expect(dry.row(CleanPlan.swarmNode, .job, job)?.status == .wouldRemove, "\(dry.rows)")
    #expect(dry.row(node, .container, "\(containerName)-writer")?.status == .wouldRemove, "\(dry.rows)")
    #expect(dry.row(node, .image, String(dangling.dropFirst(7).prefix(12)))?.status == .wouldRemove, "\(dry.rows)")
    #expect(dry.row(node, .volume, gone)?.status == .kept, "\(dry.rows)")
    // The snapshot listing job's task container goes away shortly after the job: wait for the lists to settle.
    var after = try await everything()
    for _ in 0..<30 where after != before {
      try await Task.sleep(for: .seconds(1))
      after = try await everything()
    }
    #expect(after == before, "dry run changed: \(after.difference(from: before))")

    // For real: the protected volume, the stopped container and the dangling image are gone.
    let real = try await clean(scope + ["--json"], inventory: fixture.inventory)
    #expect(real.status == 0, "\(real.rows)")
    #expect(real.row(node, .volume, volume)?.status == .removed, "\(real.rows)")
    #expect(real.row(node, .container, containerName)?.status == .removed)
    #expect(real.row(node, .container, "\(containerName)-writer")?.status == .removed, "\(real.rows)")
    #expect(real.row(CleanPlan.swarmNode, .job, job)?.status == .removed, "\(real.rows)")
    #expect(try await !fixture.manager.services().contains { $0.spec.name == job })
    #expect(try await !client.volumes().contains { $0.name == volume })
    #expect(try await !client.containers(all: true).contains { $0.id == container })
    #expect(try await !client.images().contains { $0.id == dangling })
    #expect(try await client.images().contains { $0.id == tagged }, "a tagged image is no clean-up's business")

    // The volume written after its snapshot is kept, intact, until a backup covers the change.
    let changed = real.row(node, .volume, gone)
    #expect(changed?.status == .kept, "\(real.rows)")
    #expect(changed?.reason.hasPrefix("changed after its newest snapshot") == true, "\(real.rows)")
    #expect(changed?.reason.hasSuffix("back it up first") == true, "\(real.rows)")
    #expect(try String(contentsOfFile: goneData + "/before.txt", encoding: .utf8) == "before \(suffix)\n")
    #expect(try String(contentsOfFile: goneData + "/sub/after.txt", encoding: .utf8) == "after\n")
    let again = try await sandbox.skep(["backup", "run", "--volume", gone], inventory: fixture.inventory)
    #expect(again.status == 0, "backup run: \(again.stdout)\n\(again.stderr)")
    let covered = try await clean(scope + ["--json"], inventory: fixture.inventory)
    #expect(covered.row(node, .volume, gone)?.status == .removed, "\(covered.rows)")
    #expect(try await !client.volumes().contains { $0.name == gone })
  }

  /// A skep job (`skep.job=test`, and `labels`) whose one task ran `true` on `node` and completed; its name.
  func finishedJob(_ fixture: BackupFixture, node: String, labels: [String: String]) async throws -> String {
    let registry = try #require(try sandbox.inventory().registry)
    let secrets = try await fixture.manager.secrets(filters: ["name": [SwarmJobSpec.passwordSecretName]])
    let secret = try #require(secrets.first { $0.spec.name == SwarmJobSpec.passwordSecretName })
    var job = SwarmJobSpec(
      name: "cl-job-\(fixture.suffix)", image: "\(registry)/skep:latest", command: ["true"],
      placement: .oneTask(node: node), repositoryPath: nil, mountsNodeData: false, kind: "test")
    job.labels.merge(labels) { _, new in new }
    let id = try await fixture.manager.createService(job.serviceSpec(secretID: secret.id))
    for _ in 0..<60 {
      let tasks = try await fixture.manager.tasks(filters: ["service": [id]])
      if !tasks.isEmpty, tasks.allSatisfy({ $0.status.state == "complete" }) { return job.name }
      try await Task.sleep(for: .seconds(1))
    }
    Issue.record("the test job \(job.name) did not complete within a minute")
    return job.name
  }

  /// `skep clean ARGUMENTS` decoded from `--json`.
  func clean(_ arguments: [String], inventory: String) async throws -> CleanRun {
    let output = try await sandbox.skep(["clean"] + arguments, inventory: inventory)
    guard let rows = try? JSONDecoder().decode([CleanOutcome].self, from: Data(output.stdout.utf8)) else {
      throw FixtureError(
        "skep clean \(arguments) printed no JSON (\(output.status)): \(output.stdout)\n\(output.stderr)")
    }
    return CleanRun(status: output.status, rows: rows)
  }

  /// A one-file image imported under `repository:latest`, returning its ID.
  func importTinyImage(_ client: DockerClient, repository: String, content: String, labels: [String: String])
    async throws -> String
  {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("img-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try content.write(toFile: directory + "/content", atomically: true, encoding: .utf8)
    let tar = Process()
    tar.executableURL = URL(fileURLWithPath: "/bin/tar")
    tar.arguments = ["-cf", directory + ".tar", "-C", directory, "content"]
    try tar.run()
    tar.waitUntilExit()
    defer { try? FileManager.default.removeItem(atPath: directory + ".tar") }
    let changes = labels.map { "LABEL \($0.key)=\($0.value)" }
    _ = try await client.importImage(from: .file(path: directory + ".tar"), repository: repository, changes: changes)
    return try await client.inspectImage("\(repository):latest").id
  }

  /// ``everything()`` once two reads 3 s apart agree (at most a minute).
  func settledLists() async throws -> EngineLists {
    var previous = try await everything()
    for _ in 0..<20 {
      try await Task.sleep(for: .seconds(3))
      let current = try await everything()
      if current == previous { return current }
      previous = current
    }
    return previous
  }

  /// Every node's containers (ID and state), images, volumes, and the swarm's services.
  func everything() async throws -> EngineLists {
    var lists = EngineLists()
    for node in nodes {
      let client = try sandbox.client(node.name)
      lists.items += try await client.containers(all: true).map { "\(node.name) container \($0.id) \($0.state ?? "")" }
      lists.items += try await client.images(all: true).map { "\(node.name) image \($0.id)" }
      lists.items += try await client.volumes().map { "\(node.name) volume \($0.name)" }
    }
    lists.items += try await sandbox.client(nodes[0].name).services().map { "service \($0.id) \($0.spec.name)" }
    lists.items.sort()
    return lists
  }
}

/// A `skep clean --json` run.
struct CleanRun {
  var status: Int32
  var rows: [CleanOutcome]

  func row(_ node: String, _ kind: CleanAction.Kind, _ name: String) -> CleanOutcome? {
    rows.first { $0.node == node && $0.kind == kind && $0.name == name }
  }
}

/// Sorted lines naming every object on every node.
struct EngineLists: Equatable {
  var items: [String] = []

  func difference(from other: EngineLists) -> String {
    let added = Set(items).subtracting(other.items).sorted()
    let removed = Set(other.items).subtracting(items).sorted()
    return "added \(added), removed \(removed)"
  }
}
