import Backup
import DockerEngine
import Foundation
import Logging
import RunHistory
import Sandbox
import SkepTestSupport
import Testing

/// A helper process of the test (the SMTP sink, the webhook receiver) on the sandbox's own service host — the
/// registry's network namespace — so the skep-control container on a node reaches it over the sandbox bridge.
final class SandboxSideService: @unchecked Sendable {
  let directory: String
  let address: String
  let process: Process
  let port: Int

  /// Starts `Tests/NotifyTests/Helpers/SCRIPT` with `--dir` and `--host` and waits for the port it writes.
  init(script: String, arguments: [String] = [], sandboxDirectory: String, nodeCount: Int) async throws {
    let plan = NetworkPlan(directory: sandboxDirectory, nodeCount: nodeCount)
    address = plan.registry.address
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("skep-side-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let helpers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("NotifyTests/Helpers").path
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
    process.arguments =
      [
        "--net=/run/netns/\(plan.registry.netns)", "/usr/bin/python3", "\(helpers)/\(script)", "--dir", directory,
        "--host",
        address,
      ]
      + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    let portFile = directory + "/port"
    var found: Int?
    for _ in 0..<100 {
      if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let value = Int(text) {
        found = value
        break
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    guard let found else {
      process.terminate()
      throw FixtureError("\(script) did not start in the sandbox's service namespace")
    }
    port = found
  }

  /// The files the helper wrote whose names start with `prefix` and end with `suffix`, in order.
  func files(_ prefix: String, _ suffix: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return
      names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }
      .sorted {
        (Int($0.dropFirst(prefix.count).dropLast(suffix.count)) ?? 0)
          < (Int($1.dropFirst(prefix.count).dropLast(suffix.count)) ?? 0)
      }
      .compactMap { try? String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }
  }

  func stop() {
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    try? FileManager.default.removeItem(atPath: directory)
  }
}

extension SwarmFormationTests {
  /// skep-control's acceptance on the shared swarm, in one story because each step needs the previous one's state:
  /// a backup due every minute runs on time and is recorded; a run longer than the interval is never overlapped
  /// (the next due time is recorded as skipped, and `skep jobs run backup` is refused); its failure sends one mail
  /// to a real SMTP sink and one webhook call, naming the node and volume, with no secret in the spec or the logs;
  /// the dashboard in headless Chromium shows every node and volume, marks the stale one, and answers 401 without
  /// the password; /metrics matches `skep backup ls`; then the manager running skep-control is stopped and the
  /// service comes back on another with its history, and the missed run is caught up once.
  @Test func controlServiceSchedulesRecordsNotifiesServesAndSurvivesItsManager() async throws {
    let setup = try await VolumeDriverSetup.start(self)
    let manager = setup.manager
    let worker = nodes[3].name
    let workerClient = try sandbox.client(worker)
    let suffix = setup.suffix
    let slow = "ctl-slow-\(suffix)"
    let failing = "ctl-fail-\(suffix)"
    let dashboardPassword = "dash-\(UUID().uuidString)"
    let webhookToken = "hook-\(UUID().uuidString)"
    let secretsFolder = sandbox.directory + "/test-inventories"
    try dashboardPassword.write(
      toFile: "\(secretsFolder)/control-\(suffix).password", atomically: true, encoding: .utf8)
    try webhookToken.write(toFile: "\(secretsFolder)/control-\(suffix).token", atomically: true, encoding: .utf8)

    try await withCleanup { cleanup in
      await cleanup.add { await setup.tearDown() }
      let smtp = try await SandboxSideService(
        script: "smtp_sink.py", sandboxDirectory: sandbox.directory, nodeCount: nodes.count)
      let hook = try await SandboxSideService(
        script: "webhook_receiver.py", sandboxDirectory: sandbox.directory, nodeCount: nodes.count)
      await cleanup.add {
        smtp.stop()
        hook.stop()
      }
      let base = try String(contentsOfFile: setup.inventory, encoding: .utf8)
      let inventory = try sandbox.writeInventory(
        base + """

          schedule:
            time_zone: UTC
            catch_up: once
            jobs:
              backup: "* * * * *"
          control:
            port: 8484
            password_file: control-\(suffix).password
            stale_after: 1h
            notify:
              on: [failure]
              mail:
                host: \(smtp.address)
                port: \(smtp.port)
                tls: "off"
                from: skep@lab.example
                to: [ops@lab.example]
              webhook:
                url: http://\(hook.address):\(hook.port)/skep
                token_file: control-\(suffix).token

          """, name: "control-\(suffix).yml")
      await cleanup.add {
        try? await manager.removeService("skep-control")
        for node in self.nodes {
          guard let client = try? self.sandbox.client(node.name) else { continue }
          _ = await self.sandbox.eventually(timeout: 60) {
            try await client.containers(all: true, filters: ["volume": ["skep-control-history"]]).isEmpty
          }
          try? await client.removeVolume("skep-control-history", force: true)
          // The driver's copy on the node: a later test's repository has no snapshot of it, so a copy left here
          // would come back as that test's history.
          try? FileManager.default.removeItem(
            atPath: "\(self.nodeRoot(node.name))/var-lib-skep/volumes/skep-control-history")
        }
        for secret in (try? await manager.secrets(filters: ["label": ["skep.control"]])) ?? [] {
          try? await manager.removeSecret(secret.id)
        }
      }
      // On the worker (never stopped here): a volume whose backup takes longer than the interval, and one whose
      // backup always fails (its pre hook exits 3) and so never gets a snapshot.
      // (Two volumes whose pre hooks sleep 45 s each: one hook longer than a minute would meet the Docker client's
      // request timeout; the agent backs a node's volumes up one after the other.)
      for (volume, hookCommand) in [
        (slow, "sleep 45"), (slow + "-2", "sleep 45"), (failing, "echo refusing >&2; exit 3"),
      ] {
        _ = try await workerClient.createVolume(VolumeCreateRequest(name: volume))
        let container = try await workerClient.createContainer(
          name: volume,
          config: ContainerCreateConfig(
            // A file in it: restic refuses to save an empty snapshot.
            image: "debian:bookworm", cmd: ["sh", "-c", "echo data of \(volume) > /data/file && exec sleep 3600"],
            labels: ["skep.backup.consistency": "pause", "skep.backup.pre": hookCommand],
            hostConfig: .init(binds: ["\(volume):/data"])))
        try await workerClient.startContainer(container)
        await cleanup.add {
          try? await workerClient.removeContainer(container, force: true)
          try? await workerClient.removeVolume(volume, force: true)
        }
      }

      let deployed = try await sandbox.skep(["control", "deploy"], inventory: inventory)
      try #require(deployed.status == 0, "control deploy: \(deployed.stdout)\n\(deployed.stderr)")
      let again = try await sandbox.skep(["control", "deploy", "--json"], inventory: inventory)
      #expect(again.status == 0 && again.stdout.contains("\"unchanged\""), "rerun: \(again.stdout) \(again.stderr)")
      let url = try await sandbox.skep(["control", "url"], inventory: inventory)
      try #require(url.status == 0, "control url: \(url.stderr)")
      let address = try #require(URL(string: url.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
      let host = try #require(address.host)
      let http = PlainHTTPClient(host: host, port: address.port ?? 8484)
      let auth = [("Authorization", "Bearer \(dashboardPassword)")]
      #expect(try await http.send("GET", "/").status == 401, "no password: 401")
      #expect(try await http.send("GET", "/metrics", headers: [("Authorization", "Bearer wrong")]).status == 401)

      // The first scheduled run starts within a few seconds of its due time.
      let decoder = JSONDecoder()
      decoder.dateDecodingStrategy = .iso8601
      @Sendable func runs() async throws -> [JobRun] {
        let answer = try await http.send("GET", "/api/runs?job=backup&limit=200", headers: auth)
        return try decoder.decode([JobRun].self, from: answer.body)
      }
      var first: JobRun?
      let started = await sandbox.eventually(timeout: 150, every: 1) {
        try await runs().contains { $0.trigger == .scheduled && $0.status != .skipped }
      }
      if !started {
        let answer = try? await http.send("GET", "/api/runs?job=backup&limit=200", headers: auth)
        let body = answer.map { "\($0.status) \(String(decoding: $0.body, as: UTF8.self))" } ?? "no answer"
        let serviceLog = (try? await dockerCLI(["service", "logs", "--raw", "skep-control"])) ?? ""
        Issue.record("no scheduled backup run started within 150 s: \(body)\n\(serviceLog)")
        return
      }
      first = try await runs().last { $0.trigger == .scheduled && $0.status != .skipped }
      let run = try #require(first)
      let due = try #require(run.due)
      #expect(run.started.timeIntervalSince(due) < 5, "started \(run.started), due \(due)")

      // While it runs (the slow hook holds it past the next due time), a manual run is refused.
      let manual = try await sandbox.skep(["jobs", "run", "backup"], inventory: inventory)
      #expect(manual.status == 3, "jobs run while running: \(manual.status) \(manual.stdout) \(manual.stderr)")
      #expect(manual.stderr.contains("already running"), "\(manual.stderr)")
      let finished = await sandbox.eventually(timeout: 240, every: 2) {
        try await runs().first { $0.id == run.id }?.status.isFinished == true
      }
      try #require(finished, "run \(run.id) never finished")
      let history = try await runs()
      let done = try #require(history.first { $0.id == run.id })
      let ended = try #require(done.ended)
      #expect(ended.timeIntervalSince(done.started) > 60, "the slow hook makes the run longer than the interval")
      // The due time that passed meanwhile was skipped, not queued, and no two runs ever overlapped.
      #expect(
        history.contains {
          $0.status == .skipped && ($0.due ?? .distantPast) > due && ($0.due ?? .distantFuture) < ended
            && ($0.message ?? "").contains("still going on")
        },
        "a skipped due time while run \(run.id) went on: \(history.map { "\($0.id) \($0.status) \($0.due.map { "\($0)" } ?? "-")" })"
      )
      let ran = history.filter { $0.status != .skipped }.sorted { $0.started < $1.started }
      for (earlier, later) in zip(ran, ran.dropFirst()) {
        #expect((earlier.ended ?? .distantFuture) <= later.started, "runs \(earlier.id) and \(later.id) overlap")
      }

      // It failed on the failing volume: one mail and one webhook call per failed run, naming node and volume.
      #expect(done.status == .failed, "run \(done.id): \(done.status) \(done.message ?? "")")
      let shown = try await sandbox.skep(["jobs", "show", String(done.id), "--json"], inventory: inventory)
      let detail = try decoder.decode(JobRun.self, from: Data(shown.stdout.utf8))
      if !detail.items.contains(where: { $0.node == worker && $0.volume == failing && $0.status == .failed }) {
        let serviceLog = (try? await dockerCLI(["service", "logs", "--raw", "skep-control"])) ?? ""
        Issue.record("node \(worker) volume \(failing) is not a failed item: \(shown.stdout)\n\(serviceLog)")
      }
      #expect(detail.items.contains { $0.node == worker && $0.volume == slow && $0.status == .ok })
      let mailed = await sandbox.eventually(timeout: 30) { !smtp.files("msg-", ".eml").isEmpty }
      #expect(mailed, "no mail reached the sink")
      let mails = smtp.files("msg-", ".eml")
      let calls = hook.files("req-", ".json")
      let failedRuns = try await runs().filter { $0.status == .failed }.count
      #expect(
        mails.count == failedRuns && calls.count == failedRuns,
        "\(mails.count) mails, \(calls.count) calls, \(failedRuns) failed runs")
      #expect(mails.first?.contains(failing) == true && mails.first?.contains(worker) == true, "\(mails.first ?? "")")
      #expect(calls.first?.contains(failing) == true && calls.first?.contains(worker) == true, "\(calls.first ?? "")")
      #expect(calls.first?.contains(webhookToken) == true, "the receiver got the token")

      // No secret in the service spec, its logs or the CLI's JSON.
      let spec = try await dockerCLI(["service", "inspect", "skep-control"])
      let logs = try await sandbox.skep(["jobs", "ls", "--json"], inventory: inventory)
      let serviceLogs = try await dockerCLI(["service", "logs", "--raw", "skep-control"])
      for secret in [dashboardPassword, webhookToken, setup.password] {
        #expect(!spec.contains(secret) && !logs.stdout.contains(secret) && !serviceLogs.contains(secret))
      }

      // The dashboard in headless Chromium: every node, every volume with its snapshot age, the stale one marked.
      _ = try await sandbox.skep(["jobs", "run", "backup"], inventory: inventory)  // fresh volume facts
      _ = await sandbox.eventually(timeout: 150, every: 2) { try await runs().allSatisfy { $0.status != .running } }
      try await Task.sleep(for: .seconds(8))
      let page = try await chromium(url: "http://skep:\(dashboardPassword)@\(host):\(address.port ?? 8484)/")
      for node in nodes {
        #expect(page.dom.contains("id=\"node-\(node.name)\""), "node \(node.name) on the dashboard")
      }
      let ls = try await sandbox.skep(["backup", "ls", "--json"], inventory: inventory)
      let snapshots = try JSONDecoder().decode([SnapshotLsRow].self, from: Data(ls.stdout.utf8))
      for volume in Set(snapshots.map(\.volume)).union([failing]) where !volume.isEmpty {
        #expect(page.dom.contains("id=\"volume-\(volume)\""), "volume \(volume) on the dashboard")
      }
      let staleRow = page.dom.range(of: "id=\"volume-\(failing)\"").map {
        String(page.dom[$0.lowerBound...].prefix(400))
      }
      #expect(staleRow?.contains("stale") == true, "the failing volume is marked stale: \(staleRow ?? "")")
      let freshRow = page.dom.range(of: "id=\"volume-\(slow)\"").map { String(page.dom[$0.lowerBound...].prefix(400)) }
      #expect(freshRow?.contains("stale") == false, "the slow volume has a fresh snapshot: \(freshRow ?? "")")
      #expect(page.screenshotBytes > 10_000, "a screenshot was kept at \(page.screenshot)")

      // /metrics parses, and its per-volume timestamps are skep backup ls's newest.
      let metrics = try await http.send("GET", "/metrics", headers: auth)
      #expect(metrics.status == 200)
      let parsed = try PrometheusText.parse(String(decoding: metrics.body, as: UTF8.self))
      var newest: [String: Date] = [:]
      let iso = ISO8601DateFormatter()
      for row in snapshots {
        guard let time = iso.date(from: row.time) else { continue }
        newest[row.volume] = max(newest[row.volume] ?? .distantPast, time)
      }
      for (volume, time) in newest where !volume.isEmpty {
        let value = parsed.value("skep_volume_newest_snapshot_timestamp_seconds", ["volume": volume])
        #expect(value == time.timeIntervalSince1970, "\(volume): metrics \(value ?? -1), backup ls \(time)")
      }
      #expect(parsed.value("skep_swarm_quorum_tolerance", [:]) == 1)

      // The manager running skep-control stops: the service comes back elsewhere with its history, and the due
      // times it missed become one caught-up run. It stops while no run goes on (a backup swarm job still running
      // would rightly make the new service skip, not catch up) and some seconds before a due time, so that one
      // passes while skep-control is down.
      let quiet = await sandbox.eventually(timeout: 300, every: 1) {
        guard (40...50).contains(Calendar(identifier: .gregorian).component(.second, from: Date())) else {
          return false
        }
        return try await runs().allSatisfy { $0.status != .running }
      }
      try #require(quiet, "no moment without a run going on, before a due time, to stop the manager in")
      let before = try await runs()
      let locate = try await sandbox.skep(["control", "url", "--json"], inventory: inventory)
      struct Where: Decodable { var node: String }
      let stopped = try decoder.decode(Where.self, from: Data(locate.stdout.utf8)).node
      try await sandboxCommand("stop", stopped)
      await cleanup.add { try? await self.sandboxCommand("start", stopped) }
      let stoppedAt = Date()
      let back = await sandbox.eventually(timeout: 240, every: 2) {
        let again = try await self.sandbox.skep(["control", "url", "--json"], inventory: inventory)
        guard again.status == 0 else { return false }
        return try decoder.decode(Where.self, from: Data(again.stdout.utf8)).node != stopped
      }
      try #require(back, "skep-control never came back on another manager")
      let otherURL = try await sandbox.skep(["control", "url"], inventory: inventory)
      let other = try #require(URL(string: otherURL.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
      let movedHTTP = PlainHTTPClient(host: other.host ?? "", port: other.port ?? 8484)
      @Sendable func movedRuns() async throws -> [JobRun] {
        let answer = try await movedHTTP.send("GET", "/api/runs?job=backup&limit=500", headers: auth)
        return try decoder.decode([JobRun].self, from: answer.body)
      }
      let caughtUp = await sandbox.eventually(timeout: 120, every: 2) {
        try await movedRuns().contains { $0.trigger == .caughtUp && $0.started > stoppedAt }
      }
      let listing = ((try? await movedRuns()) ?? []).prefix(8).map {
        "\($0.id) \($0.trigger) \($0.status) due \($0.due.map { "\($0)" } ?? "-") started \($0.started)"
      }
      #expect(caughtUp, "no caught-up run after the failover at \(stoppedAt): \(listing)")
      let oldIDs = Set(before.filter { $0.status != .running }.map(\.id))
      try await Task.sleep(for: .seconds(70))
      let after = try await movedRuns()
      #expect(oldIDs.isSubset(of: Set(after.map(\.id))), "the history survived the move")
      #expect(after.filter { $0.trigger == .caughtUp && $0.started > stoppedAt }.count == 1, "caught up once")
      let dues = after.compactMap(\.due)
      #expect(Set(dues).count == dues.count, "no due time recorded twice")
      try await sandboxCommand("start", stopped)
    }
  }

  /// `docker ARGUMENTS` against the first manager that answers; stdout and stderr together.
  func dockerCLI(_ arguments: [String]) async throws -> String {
    for node in nodes.prefix(3) {
      var environment = ProcessInfo.processInfo.environment
      environment["DOCKER_HOST"] = "unix://\(nodeRoot(node.name))/docker.sock"
      let output = try await CommandRunner(logger: Logger(label: "skep.tests")).run(
        ["docker"] + arguments, environment: environment, check: false)
      if output.status == 0 { return output.stdout + output.stderr }
    }
    throw FixtureError("docker \(arguments.joined(separator: " ")) failed on every manager")
  }

  /// Opens `url` in headless Chromium: the DOM after load, and a screenshot kept in `test-artifacts/`.
  func chromium(url: String) async throws -> (dom: String, screenshot: String, screenshotBytes: Int) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let folder = root.appendingPathComponent("test-artifacts").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let screenshot = folder + "/dashboard.png"
    let flags = [
      "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=/tmp/skep-chromium",
    ]
    let runner = CommandRunner(logger: Logger(label: "skep.tests"))
    let dom = try await runner.run(["chromium"] + flags + ["--dump-dom", url], check: false)
    _ = try await runner.run(
      ["chromium"] + flags + ["--screenshot=\(screenshot)", "--window-size=1280,1800", url], check: false)
    let size = (try? FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
    print("dashboard screenshot: \(screenshot)")
    return (dom.stdout, screenshot, size)
  }
}

/// One row of `skep backup ls --json`.
struct SnapshotLsRow: Decodable {
  var volume: String
  var time: String
}

/// The Prometheus text exposition format, read strictly enough to fail on a malformed line.
struct PrometheusText {
  struct Sample {
    var name: String
    var labels: [String: String]
    var value: Double
  }

  var samples: [Sample]

  func value(_ name: String, _ labels: [String: String]) -> Double? {
    samples.first { $0.name == name && $0.labels == labels }?.value
  }

  static func parse(_ text: String) throws -> PrometheusText {
    var samples: [Sample] = []
    for (index, line) in text.split(separator: "\n").enumerated() {
      if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { continue }
      guard !line.hasPrefix("#") else { throw FixtureError("line \(index + 1): unknown comment \(line)") }
      var name = ""
      var labels: [String: String] = [:]
      var rest = Substring(line)
      if let brace = rest.firstIndex(of: "{") {
        name = String(rest[..<brace])
        guard let close = rest.lastIndex(of: "}") else { throw FixtureError("line \(index + 1): no }") }
        let inner = rest[rest.index(after: brace)..<close]
        var remaining = inner
        while !remaining.isEmpty {
          guard let equals = remaining.firstIndex(of: "=") else { throw FixtureError("line \(index + 1): label") }
          let key = String(remaining[..<equals])
          var cursor = remaining.index(after: equals)
          guard cursor < remaining.endIndex, remaining[cursor] == "\"" else {
            throw FixtureError("line \(index + 1): unquoted label value")
          }
          cursor = remaining.index(after: cursor)
          var value = ""
          while cursor < remaining.endIndex, remaining[cursor] != "\"" {
            if remaining[cursor] == "\\" { cursor = remaining.index(after: cursor) }
            value.append(remaining[cursor])
            cursor = remaining.index(after: cursor)
          }
          labels[key] = value
          cursor = remaining.index(after: cursor)
          if cursor < remaining.endIndex, remaining[cursor] == "," { cursor = remaining.index(after: cursor) }
          remaining = remaining[cursor...]
        }
        rest = rest[rest.index(after: close)...]
      } else {
        guard let space = rest.firstIndex(of: " ") else { throw FixtureError("line \(index + 1): no value") }
        name = String(rest[..<space])
        rest = rest[space...]
      }
      let fields = rest.split(separator: " ")
      guard let first = fields.first, let value = Double(first) else {
        throw FixtureError("line \(index + 1): value of \(name)")
      }
      samples.append(Sample(name: name, labels: labels, value: value))
    }
    return PrometheusText(samples: samples)
  }
}
