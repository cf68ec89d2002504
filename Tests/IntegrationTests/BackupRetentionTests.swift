import Backup
import DockerEngine
import Foundation
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  /// Two volumes "on different nodes", 40 simulated days each, made by plain restic with skep's tags: `forget
  /// --dry-run` removes nothing, `forget` keeps exactly what daily 7 / weekly 4 / monthly 3 says for each volume on
  /// its own, and `check` passes.
  @Test func backupForgetRetentionKeepsWhatThePolicySaysPerVolume() async throws {
    let fixture = try await initializedBackupFixture(name: "retention")
    let data = "\(fixture.nas)/retention-data-\(fixture.suffix)"
    try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: data) }
    try Data("retention\n".utf8).write(to: URL(fileURLWithPath: data + "/file"))

    // Volume a: daily at 12:00 from day 0; volume b: daily at 18:00 from day 3, so their expected sets differ.
    let calendar = RetentionExpectation.calendar
    let start = try #require(calendar.date(from: DateComponents(year: 2025, month: 1, day: 6, hour: 12)))
    let volumes = [
      ("ret-a-\(fixture.suffix)", nodes[0].name, start),
      ("ret-b-\(fixture.suffix)", nodes[1].name, start.addingTimeInterval(3 * 86_400 + 6 * 3_600)),
    ]
    var plan: [(volume: String, node: String, time: Date)] = []
    for (volume, node, first) in volumes {
      for day in 0..<40 { plan.append((volume, node, first.addingTimeInterval(Double(day) * 86_400))) }
    }
    let schedule = plan
    let repository = fixture.repository
    let password = fixture.password
    try await withThrowingTaskGroup(of: Void.self) { group in
      for slice in 0..<4 {
        group.addTask {
          for (index, entry) in schedule.enumerated() where index % 4 == slice {
            let tags = SnapshotTags(volume: entry.volume, kind: .files, node: entry.node).rendered
            try await self.hostResticIn(
              data,
              ["backup", "--host", SnapshotTags.fixedHost, "--time", RetentionExpectation.resticTime(entry.time)]
                + tags.flatMap { ["--tag", $0] } + ["."], repository: repository, passwordText: password)
          }
        }
      }
      try await group.waitForAll()
    }
    let before = try await snapshotTimes(fixture)
    #expect(before.values.map(\.count) == [40, 40], "the test made \(before.mapValues(\.count))")

    let text = try String(contentsOfFile: fixture.inventory, encoding: .utf8)
    let noKeep = try await sandbox.skep(["backup", "forget"], inventory: fixture.inventory)
    #expect(noKeep.status != 0 && noKeep.stderr.contains("no retention policy"), "no keep: \(noKeep.stderr)")
    let inventory = try sandbox.writeInventory(
      RetentionExpectation.withKeep(text, "  keep: {daily: 7, weekly: 4, monthly: 3}"),
      name: "retention-keep-\(fixture.suffix).yml")

    let dry = try await sandbox.skep(["backup", "forget", "--dry-run", "--json"], inventory: inventory)
    #expect(dry.status == 0, "forget --dry-run: \(dry.stderr)")
    #expect(try await snapshotTimes(fixture) == before, "--dry-run removed snapshots")
    let dryReport = try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any]
    let dryGroups = dryReport?["groups"] as? [[String: Any]] ?? []
    #expect(dryGroups.count == 2, "dry run groups: \(dry.stdout)")

    let forget = try await sandbox.skep(["backup", "forget"], inventory: inventory)
    #expect(forget.status == 0, "forget: \(forget.stdout)\n\(forget.stderr)")
    #expect(forget.stdout.contains("VOLUME") && forget.stdout.contains(volumes[0].0), "table: \(forget.stdout)")
    let after = try await snapshotTimes(fixture)
    for (volume, _, _) in volumes {
      let times = schedule.filter { $0.volume == volume }.map(\.time)
      let expected = RetentionExpectation.kept(times, rules: [(7, .day), (4, .week), (3, .month)])
      #expect(after[volume] == expected, "\(volume): kept \(after[volume] ?? []), policy says \(expected)")
      #expect(expected.count > 7 && expected.count < 40, "\(volume): the policy must remove some and keep some")
    }
    #expect(after[volumes[0].0] != after[volumes[1].0])

    let check = try await sandbox.skep(["backup", "check", "--read-data-subset", "50%"], inventory: inventory)
    #expect(check.status == 0, "check: \(check.stdout)\n\(check.stderr)")
  }

  /// Snapshot times (local `yyyy-MM-ddTHH:mm`, as restic stores them) per `volume=` tag, read with plain restic.
  func snapshotTimes(_ fixture: BackupFixture) async throws -> [String: Set<String>] {
    let listed = try await hostRestic(
      ["snapshots", "--json"], repository: fixture.repository, passwordText: fixture.password)
    let snapshots = try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]] ?? []
    var times: [String: Set<String>] = [:]
    for snapshot in snapshots {
      let tags = SnapshotTags(parsing: snapshot["tags"] as? [String] ?? [])
      times[tags.volume, default: []].insert(String((snapshot["time"] as? String ?? "").prefix(16)))
    }
    return times
  }

  /// Plain restic run inside `directory` (restic saves `.` there, as skep does).
  func hostResticIn(_ directory: String, _ arguments: [String], repository: String, passwordText: String)
    async throws
  {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)").path
    try passwordText.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    var environment = ProcessInfo.processInfo.environment
    environment["RESTIC_REPOSITORY"] = repository
    environment["RESTIC_PASSWORD_FILE"] = file
    environment["RESTIC_CACHE_DIR"] = repository + "-cache"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/restic")
    process.arguments = arguments + ["--quiet"]
    process.environment = environment
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw FixtureError("restic \(arguments): \(String(decoding: message, as: UTF8.self))")
    }
  }
}

/// restic's documented `forget` policy written out independently: newest first, each rule keeps the newest snapshot
/// of each of its N most recent buckets (day, ISO week, month) that have one.
enum RetentionExpectation {
  enum Bucket { case day, week, month }

  /// The host's calendar (restic buckets by the time as it stored it: the host's local time), ISO weeks.
  static var calendar: Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone.current
    calendar.firstWeekday = 2
    calendar.minimumDaysInFirstWeek = 4
    return calendar
  }

  /// The kept times, as `yyyy-MM-ddTHH:mm`.
  static func kept(_ times: [Date], rules: [(count: Int, bucket: Bucket)]) -> Set<String> {
    let calendar = calendar
    func key(_ date: Date, _ bucket: Bucket) -> [Int] {
      switch bucket {
      case .day: return calendar.dateComponents([.year, .month, .day], from: date).keyed([\.year, \.month, \.day])
      case .week:
        return calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
          .keyed([\.yearForWeekOfYear, \.weekOfYear])
      case .month: return calendar.dateComponents([.year, .month], from: date).keyed([\.year, \.month])
      }
    }
    var remaining = rules.map(\.count)
    var last: [[Int]] = rules.map { _ in [] }
    var kept: Set<String> = []
    for time in times.sorted(by: >) {
      for (index, rule) in rules.enumerated() where remaining[index] > 0 {
        let bucket = key(time, rule.bucket)
        if bucket != last[index] {
          last[index] = bucket
          remaining[index] -= 1
          kept.insert(minute(time))
        }
      }
    }
    return kept
  }

  /// restic's `--time` text in local time.
  static func resticTime(_ date: Date) -> String { format(date, "yyyy-MM-dd HH:mm:ss") }

  /// How restic's JSON time begins (`2025-01-06T12:00`), in local time.
  static func minute(_ date: Date) -> String { format(date, "yyyy-MM-dd'T'HH:mm") }

  static func format(_ date: Date, _ pattern: String) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone.current
    formatter.dateFormat = pattern
    return formatter.string(from: date)
  }

  /// The inventory text with `line` added to the backup section, right after its `repository:`.
  static func withKeep(_ text: String, _ line: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { row in
      row.trimmingCharacters(in: .whitespaces).hasPrefix("repository:") ? [String(row), line] : [String(row)]
    }.joined(separator: "\n")
  }
}

extension DateComponents {
  fileprivate func keyed(_ paths: [KeyPath<DateComponents, Int?>]) -> [Int] { paths.compactMap { self[keyPath: $0] } }
}

extension SwarmFormationTests {
  /// A node's dockerd stopped while its agent backs up a 200 MB volume: the run fails naming that node, the other
  /// nodes' snapshots exist, no container on them stays paused, `check` passes, and after a restart a second run
  /// succeeds.
  @Test func dockerdKilledMidBackupOtherNodesComplete() async throws {
    let fixture = try await initializedBackupFixture(name: "killed")
    let victim = try #require(nodes.last).name
    let survivors = nodes.dropLast().map(\.name)
    var volumes: [String: String] = [:]
    var apps: [String: String] = [:]
    for node in nodes {
      let name = "killed-\(fixture.suffix)-\(node.name)"
      let client = try sandbox.client(node.name)
      _ = try await client.createVolume(VolumeCreateRequest(name: name))
      volumes[node.name] = name
      let data = "\(sandbox.directory)/nodes/\(node.name)/var-lib-docker/volumes/\(name)/_data"
      try VolumeContent.write(into: data, seed: node.name)
      if node.name == victim {
        _ = try runProcess(
          "/bin/dd", ["if=/dev/urandom", "of=\(data)/random.bin", "bs=1M", "count=200", "status=none"])
      } else {
        apps[node.name] = try await client.createContainer(
          name: "killed-app-\(fixture.suffix)",
          config: ContainerCreateConfig(
            image: "debian:bookworm", cmd: ["sleep", "600"], labels: ["skep.backup.consistency": "pause"],
            hostConfig: .init(binds: ["\(name):/data"])))
        try await client.startContainer(apps[node.name] ?? "")
      }
    }
    let volumeArguments = volumes.values.sorted().flatMap { ["--volume", $0] }
    defer {
      let control = ["sandbox", "start", victim, "--dir", sandbox.directory]
      _ = try? runProcess(sandbox.binary, control)
    }

    var environment = ProcessInfo.processInfo.environment
    environment["SKEP_INVENTORY"] = fixture.inventory
    let run = try StartedProcess(
      sandbox.binary, ["backup", "run", "--json"] + volumeArguments, environment: environment)
    let running = await sandbox.eventually(timeout: 60, every: 0.25) {
      try await self.agentTaskRunning(on: victim, manager: fixture.manager)
    }
    #expect(running, "the agent job never ran on \(victim)")
    try await Task.sleep(for: .seconds(1))
    let stop = try await sandbox.skep(["sandbox", "stop", victim, "--dir", sandbox.directory])
    #expect(stop.status == 0, "sandbox stop: \(stop.stderr)")
    let result = run.wait()
    #expect(result.status != 0, "the run must fail: \(result.stdout)\n\(result.stderr)")
    let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let failedNodes = (report?["summary"] as? [String: Any])?["failedNodes"] as? [String] ?? []
    #expect(failedNodes == [victim], "report: \(result.stdout)\n\(result.stderr)")

    for node in survivors {
      let name = volumes[node] ?? ""
      let listed = try await hostRestic(
        ["snapshots", "--json", "--tag", "volume=\(name)"], repository: fixture.repository,
        passwordText: fixture.password)
      let snapshots = try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [Any]
      #expect(snapshots?.count == 1, "\(name) on \(node): \(listed)")
      let state = try await sandbox.client(node).inspectContainer(apps[node] ?? "").state?.status
      #expect(state == "running", "the app on \(node) is \(state ?? "?")")
    }
    // The kill came mid-backup: the victim's volume has no snapshot (a cut-off restic leaves none).
    let cut = try await hostRestic(
      ["snapshots", "--json", "--tag", "volume=\(volumes[victim] ?? "")"], repository: fixture.repository,
      passwordText: fixture.password)
    #expect((try JSONSerialization.jsonObject(with: Data(cut.utf8)) as? [Any])?.count == 0, "victim: \(cut)")
    // Its restic may have left a lock (killed with its container): check removes it when no skep job runs.
    let check = try await sandbox.skep(["backup", "check"], inventory: fixture.inventory)
    #expect(check.status == 0, "check after the kill: \(check.stdout)\n\(check.stderr)")

    let start = try await sandbox.skep(["sandbox", "start", victim, "--dir", sandbox.directory])
    #expect(start.status == 0, "sandbox start: \(start.stderr)")
    let ready = await sandbox.eventually(timeout: 60) {
      try await fixture.manager.nodes().allSatisfy { $0.status.state == .ready }
    }
    #expect(ready, "\(victim) did not come back ready")
    let second = try await sandbox.skep(["backup", "run"] + volumeArguments, inventory: fixture.inventory)
    #expect(second.status == 0, "second run: \(second.stdout)\n\(second.stderr)")

    for node in nodes {
      let client = try sandbox.client(node.name)
      if let app = apps[node.name] { try? await client.removeContainer(app, force: true) }
      try? await client.removeVolume(volumes[node.name] ?? "", force: true)
    }
  }

  /// Whether a task of a `skep backup run` agent job is running on `node`.
  func agentTaskRunning(on node: String, manager: DockerClient) async throws -> Bool {
    guard let id = try await manager.nodes().first(where: { $0.description?.hostname == node })?.id else {
      return false
    }
    let jobs = try await manager.services(filters: ["name": ["skep-backup-2"]])
    for job in jobs {
      let tasks = try await manager.tasks(filters: ["service": [job.id], "node": [id]])
      if tasks.contains(where: { $0.status.state == "running" }) { return true }
    }
    return false
  }
}

extension SwarmFormationTests {
  /// A repository made with another password, and one whose path is not there (the NAS share not mounted): each
  /// `backup run` fails with a clear error, and a container with `skep.backup.consistency=pause` stays `running`
  /// the whole time (polled during the run).
  @Test func backupRunWrongPasswordOrUnreachableRepositoryRefusedBeforeAnyPause() async throws {
    let fixture = try await initializedBackupFixture(name: "wrongpw")
    let client = try sandbox.client(nodes[0].name)
    let volume = "wrongpw-\(fixture.suffix)"
    _ = try await client.createVolume(VolumeCreateRequest(name: volume))
    let app = try await client.createContainer(
      name: "wrongpw-app-\(fixture.suffix)",
      config: ContainerCreateConfig(
        image: "debian:bookworm", cmd: ["sleep", "600"], labels: ["skep.backup.consistency": "pause"],
        hostConfig: .init(binds: ["\(volume):/data"])))
    try await client.startContainer(app)

    let other = "\(fixture.nas)/restic-otherpw-\(fixture.suffix)"
    try await hostRestic(["init"], repository: other, passwordText: "another-password")
    let missing = "\(fixture.nas)/not-mounted-\(fixture.suffix)/restic"
    let cases = [("wrong password", other, "wrong password"), ("unreachable", missing, "cannot be opened")]
    for (label, repository, expected) in cases {
      let inventory = try sandbox.writeInventory(
        try backupInventoryText(repository: repository), name: "wrongpw-\(label.prefix(5))-\(fixture.suffix).yml")
      var environment = ProcessInfo.processInfo.environment
      environment["SKEP_INVENTORY"] = inventory
      let run = try StartedProcess(sandbox.binary, ["backup", "run", "--volume", volume], environment: environment)
      var states: Set<String> = []
      while run.process.isRunning {
        states.insert(try await client.inspectContainer(app).state?.status ?? "?")
        try await Task.sleep(for: .milliseconds(100))
      }
      let result = run.wait()
      states.insert(try await client.inspectContainer(app).state?.status ?? "?")
      #expect(result.status != 0, "\(label): the run must fail")
      #expect(states == ["running"], "\(label): the app was \(states.sorted())")
      #expect(result.stderr.contains(expected), "\(label): \(result.stderr)")
      #expect(result.stderr.contains("no container was paused"), "\(label): \(result.stderr)")
      #expect(!(result.stdout + result.stderr).contains(fixture.password))
    }
    try? await client.removeContainer(app, force: true)
    try? await client.removeVolume(volume, force: true)
  }
}
