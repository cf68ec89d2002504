// The file's name makes these scenarios run last among the shared swarm's (the serialized suite runs its tests in
// file order): they restart every manager's engine, twice, through a storage-driver change and back.
import DockerEngine
import Foundation
import Logging
import Sandbox
import SkepConfig
import SkepTestSupport
import Testing

/// What a watcher saw while `node setup` restarted engines: sampled every few hundred milliseconds.
actor RestartWatch {
  private(set) var samples = 0
  /// The most sandbox engines down at the same moment: an engine is down from its process's end until its next
  /// process first answers.
  private(set) var mostDown = 0
  /// The most engines whose process runs and once answered, yet did not answer one sample in time (a busy engine,
  /// not a restart): reported, never counted as down.
  private(set) var mostSlow = 0
  /// The dockerd processes that answered a ping at least once.
  private var answered: Set<String> = []

  func hasAnswered(_ pid: String) -> Bool { answered.contains(pid) }
  func answer(_ pid: String) { answered.insert(pid) }
  func record(slow: Int) { mostSlow = max(mostSlow, slow) }
  /// The fewest managers the swarm counted as reachable (leader included) in one sample.
  private(set) var fewestReachableManagers = Int.max
  /// The fewest running tasks of the watched service.
  private(set) var fewestRunning = Int.max

  func record(down: Int, reachableManagers: Int, running: Int) {
    samples += 1
    mostDown = max(mostDown, down)
    fewestReachableManagers = min(fewestReachableManagers, reachableManagers)
    fewestRunning = min(fewestRunning, running)
  }
}

extension SwarmFormationTests {
  /// The node's folder in the sandbox, where its own /etc layer, /boot and daemon.json live on the host.
  func nodeRoot(_ name: String) -> String { "\(sandbox.directory)/nodes/\(name)" }

  func dockerdPid(_ name: String) -> String? {
    (try? String(contentsOfFile: "\(nodeRoot(name))/dockerd.pid", encoding: .utf8))?
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The sandbox inventory with its `setup:` section replaced by `profile` (the ssh part kept).
  func setupInventory(_ profile: String, name: String) throws -> String {
    let original = try String(contentsOfFile: sandbox.inventoryPath, encoding: .utf8)
    let head = try #require(original.range(of: "\nsetup:\n")).lowerBound
    let layout = SandboxLayout(root: sandbox.directory)
    let text =
      String(original[..<head]) + """

        setup:
          ssh:
            identity: \(layout.sshIdentity)
            known_hosts: \(layout.sshKnownHosts)
            connect_timeout: 3
        \(profile)
        """
    return try sandbox.writeInventory(text, name: name)
  }

  /// `docker info --format FORMAT` against a node's engine.
  func dockerInfo(_ name: String, _ format: String) async throws -> String {
    let runner = CommandRunner(logger: Logger(label: "skep.tests"))
    var environment = ProcessInfo.processInfo.environment
    environment["DOCKER_HOST"] = "unix://\(nodeRoot(name))/docker.sock"
    let output = try await runner.run(["docker", "info", "--format", format], environment: environment, check: false)
    return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Samples the three managers' engines, the swarm's reachable managers and a service's running tasks until
  /// cancelled.
  func watch(_ watch: RestartWatch, service: String, managers: [String]) async {
    while !Task.isCancelled {
      var down = 0
      var slow = 0
      var reachable = 0
      var running = 0
      var counted = false
      for name in managers {
        // The process first: between the old dockerd's end and the new one's start there is none.
        guard let pid = dockerdPid(name), let number = Int32(pid), kill(number, 0) == 0 else {
          down += 1
          continue
        }
        guard let client = try? sandbox.client(name), (try? await client.ping()) != nil else {
          if await watch.hasAnswered(pid) { slow += 1 } else { down += 1 }
          continue
        }
        await watch.answer(pid)
        if !counted, let members = try? await client.nodes(),
          let tasks = try? await client.tasks(filters: ["service": [service]])
        {
          counted = true
          reachable =
            members.filter { $0.managerStatus?.leader == true || $0.managerStatus?.reachability == .reachable }
            .count
          running = tasks.filter { $0.status.state == "running" }.count
        }
      }
      await watch.record(down: down, reachableManagers: reachable, running: running)
      await watch.record(slow: slow)
      try? await Task.sleep(for: .milliseconds(300))
    }
  }

  /// `node setup` on the three managers over real SSH: every file reads back as wanted; the storage-driver change
  /// (overlay2 → vfs, with log-opts) restarts the engines one at a time (never two down, quorum and the service kept
  /// throughout); a second run changes nothing; `--dry-run` shows the diff and changes nothing; a registry-mirror
  /// change is reloaded without a restart; then back to overlay2 the same way.
  @Test func nodeSetupAppliesTheProfileOverSSHRestartingEnginesOneAtATime() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let managers = nodes.prefix(3).map(\.name)
    let manager = try sandbox.client(managers[0])
    // The relay's password: written into each node's msmtprc, never printed.
    let password = "relay-\(UUID().uuidString.prefix(12))"
    let passwordFile = try sandbox.writeInventory(password + "\n", name: "relay-password")
    // A log-opts value the nodes do not have yet (the sandbox writes max-file 3), so dockerd must restart.
    let current = try JSONSerialization.jsonObject(
      with: try Data(contentsOf: URL(fileURLWithPath: "\(nodeRoot(managers[0]))/etc-docker/daemon.json")))
    let options = (current as? [String: Any])?["log-opts"] as? [String: String]
    let maxFile = String((Int(options?["max-file"] ?? "") ?? 3) + 1)
    let profile = """
        docker:
          storage_driver: vfs
          log_opts:
            max-size: 20m
            max-file: "\(maxFile)"
          restart_command: /etc/skep-sandbox/restart-dockerd
          reload_command: /etc/skep-sandbox/reload-dockerd
        journald:
          storage: volatile
          runtime_max_use: 50M
        io_scheduler:
          scheduler: mq-deadline
        kernel:
          fsck_force: true
        logrotate:
          - paths: [/var/log/skep/*.log]
            rotate: 5
        packages: [logrotate]
        mail_relay:
          host: 192.0.2.25
          from: lab@example.org
          user: lab
          password_file: \(passwordFile)
      """
    let inventory = try setupInventory(profile, name: "node-setup.yml")
    // Back to overlay2 at the end (the other suites' images live in overlay2's store): the same rolling restart.
    let restore = try setupInventory(
      profile.replacingOccurrences(of: "storage_driver: vfs", with: "storage_driver: overlay2"),
      name: "node-setup-restore.yml")
    let pidsBefore = managers.map(dockerdPid)
    // The watched service's image comes from the sandbox registry: a node that switched to vfs has an empty image
    // store and pulls it.
    let registry = try #require(try sandbox.inventory().registry)
    let image = "\(registry)/skep-test/debian:bookworm"
    for arguments in [["tag", "debian:bookworm", image], ["push", image]] {
      let runner = CommandRunner(logger: Logger(label: "skep.tests"))
      var environment = ProcessInfo.processInfo.environment
      environment["DOCKER_HOST"] = "unix://\(nodeRoot(managers[0]))/docker.sock"
      let done = try await runner.run(["docker"] + arguments, environment: environment, check: false)
      try #require(done.status == 0, "docker \(arguments.joined(separator: " ")): \(done.stderr)")
    }

    try await withCleanup { cleanup in
      await cleanup.add {
        _ = try? await self.sandbox.skep(["node", "setup"] + managers, inventory: restore)
      }
      let spec = ServiceSpec(
        name: "setup-watch",
        taskTemplate: TaskTemplate(containerSpec: ContainerSpec(image: image, command: ["sleep", "3600"])),
        mode: .replicated(replicas: 3))
      let service = try await manager.createService(spec)
      await cleanup.add { try? await manager.removeService(service) }
      let started = await sandbox.eventually(timeout: 60) {
        try await manager.tasks(filters: ["service": [service]]).filter { $0.status.state == "running" }.count == 3
      }
      try #require(started, "the watched service never ran 3 tasks")

      // The first run, watched.
      let watch = RestartWatch()
      let watcher = Task { await self.watch(watch, service: service, managers: managers) }
      let first = try await sandbox.skep(["node", "setup"] + managers, inventory: inventory)
      watcher.cancel()
      _ = await watcher.value
      #expect(first.status == 0, "node setup failed: \(first.stdout)\n\(first.stderr)")
      for name in managers {
        #expect(first.stdout.contains("\(name): applied"), "stdout: \(first.stdout)")
      }
      #expect(first.stdout.components(separatedBy: "dockerd restarted: drained, restarted").count == 4)
      // Each engine restarted (a new pid), never two at once; quorum and the service held throughout.
      let pidsAfter = managers.map(dockerdPid)
      for (index, name) in managers.enumerated() {
        #expect(pidsAfter[index] != nil && pidsAfter[index] != pidsBefore[index], "\(name)'s dockerd did not restart")
      }
      let samples = await watch.samples
      let mostDown = await watch.mostDown
      let fewestReachable = await watch.fewestReachableManagers
      let fewestRunning = await watch.fewestRunning
      #expect(samples > 10)
      let mostSlow = await watch.mostSlow
      #expect(mostDown <= 1, "engines down at once: \(mostDown) (running but slow to answer: \(mostSlow))")
      #expect(fewestReachable >= 2, "reachable managers fell to \(fewestReachable)")
      #expect(fewestRunning >= 1, "the service's running tasks fell to \(fewestRunning)")

      // Every file reads back as wanted, in the node's own layers (the host's /etc and /boot untouched).
      for name in managers {
        let root = nodeRoot(name)
        let daemon =
          try JSONSerialization.jsonObject(
            with: try Data(contentsOf: URL(fileURLWithPath: "\(root)/etc-docker/daemon.json"))) as? [String: Any]
        #expect(daemon?["log-opts"] as? [String: String] == ["max-size": "20m", "max-file": maxFile])
        #expect(daemon?["cgroup-parent"] != nil, "the sandbox's own daemon.json keys are kept")
        let journald = try String(
          contentsOfFile: "\(root)/etc-upper/systemd/journald.conf.d/skep.conf", encoding: .utf8)
        #expect(journald.contains("Storage=volatile") && journald.contains("RuntimeMaxUse=50M"))
        let udev = try String(
          contentsOfFile: "\(root)/etc-upper/udev/rules.d/60-skep-io-scheduler.rules", encoding: .utf8)
        #expect(udev.contains(#"KERNEL=="mmcblk[0-9]", ATTR{queue/scheduler}="mq-deadline""#))
        let cmdline = try String(contentsOfFile: "\(root)/boot/cmdline.txt", encoding: .utf8)
        #expect(
          cmdline.contains("fsck.mode=force") && cmdline.contains("fsck.repair=yes") && cmdline.contains("rootwait"))
        #expect(cmdline.split(separator: "\n").count == 1)
        let logrotate = try String(contentsOfFile: "\(root)/etc-upper/logrotate.d/skep", encoding: .utf8)
        #expect(logrotate.contains("/var/log/skep/*.log {") && logrotate.contains("rotate 5"))
        #expect(try await dockerInfo(name, "{{json .LoggingDriver}}") == "\"json-file\"")
        #expect(try await dockerInfo(name, "{{.Driver}}") == "vfs", "\(name) does not run with the new storage driver")
      }
      for name in managers {
        let msmtprc = "\(nodeRoot(name))/etc-upper/msmtprc"
        #expect(try String(contentsOfFile: msmtprc, encoding: .utf8).contains("password \(password)"))
        let mode = try FileManager.default.attributesOfItem(atPath: msmtprc)[.posixPermissions] as? Int
        #expect(mode == 0o600)
      }
      #expect(!first.stdout.contains(password) && !first.stderr.contains(password), "the relay password was printed")
      #expect(!FileManager.default.fileExists(atPath: "/etc/systemd/journald.conf.d/skep.conf"))
      #expect(!FileManager.default.fileExists(atPath: "/etc/logrotate.d/skep"))

      // The second run changes nothing and says so.
      let second = try await sandbox.skep(["node", "setup"] + managers, inventory: inventory)
      #expect(second.status == 0, "second run: \(second.stdout)\n\(second.stderr)")
      for name in managers { #expect(second.stdout.contains("\(name): nothing to change"), "stdout: \(second.stdout)") }
      #expect(managers.map(dockerdPid) == pidsAfter)

      // A registry mirror: --dry-run shows it and changes nothing; applied, dockerd reloads it without a restart.
      let octet = Int.random(in: 10...250)
      let mirror = "http://192.0.2.\(octet):5000"
      let withMirror = try setupInventory(
        profile.replacingOccurrences(of: "    log_opts:", with: "    registry_mirrors: [\(mirror)]\n    log_opts:"),
        name: "node-setup-mirror.yml")
      let daemonBefore = try Data(contentsOf: URL(fileURLWithPath: "\(nodeRoot(managers[0]))/etc-docker/daemon.json"))
      let dry = try await sandbox.skep(["node", "setup", managers[0], "--dry-run"], inventory: withMirror)
      #expect(dry.status == 0, "dry run: \(dry.stdout)\n\(dry.stderr)")
      #expect(dry.stdout.contains("+    \"\(mirror)\""), "stdout: \(dry.stdout)")
      #expect(dry.stdout.contains("dockerd: reload (SIGHUP)"), "stdout: \(dry.stdout)")
      #expect(
        try Data(contentsOf: URL(fileURLWithPath: "\(nodeRoot(managers[0]))/etc-docker/daemon.json")) == daemonBefore)
      let reload = try await sandbox.skep(["node", "setup", managers[0]], inventory: withMirror)
      #expect(reload.status == 0, "reload run: \(reload.stdout)\n\(reload.stderr)")
      #expect(reload.stdout.contains("dockerd reloaded daemon.json"), "stdout: \(reload.stdout)")
      #expect(dockerdPid(managers[0]) == pidsAfter[0], "a reloadable change must not restart dockerd")
      let mirrored = await sandbox.eventually(timeout: 10) {
        try await self.dockerInfo(managers[0], "{{json .RegistryConfig.Mirrors}}").contains("192.0.2.\(octet):5000")
      }
      #expect(mirrored, "dockerd never showed the new mirror")

      // And back to overlay2, one node at a time again.
      let back = try await sandbox.skep(["node", "setup"] + managers, inventory: restore)
      #expect(back.status == 0, "restoring overlay2: \(back.stdout)\n\(back.stderr)")
      for name in managers {
        #expect(try await dockerInfo(name, "{{.Driver}}") == "overlay2", "\(name) is not back on overlay2")
      }
    }
  }

  /// A node whose sshd is stopped is reported unreachable (exit 4); the others are still set up.
  @Test func nodeSetupReportsAnUnreachableNodeAndSetsUpTheOthers() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let names = nodes.prefix(3).map(\.name)
    let down = names[2]
    let inventory = try setupInventory(
      """
        logrotate:
          - paths: [/var/log/unreachable-test/*.log]
            rotate: 3
      """, name: "node-setup-unreachable.yml")
    let pidFile = "\(nodeRoot(down))/sshd.pid"
    let sshd = try #require(
      Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    // Where sshd lives (the node's namespaces), to start it again afterwards.
    let dockerd = try #require(dockerdPid(down))
    try await withCleanup { cleanup in
      kill(sshd, SIGTERM)
      await cleanup.add {
        let runner = CommandRunner(logger: Logger(label: "skep.tests"))
        _ = try? await runner.run([
          "nsenter", "--target", dockerd, "--mount", "--net", "--uts", "/usr/sbin/sshd", "-f",
          "/etc/skep-sandbox/sshd_config", "-E", "\(self.nodeRoot(down))/sshd.log",
        ])
      }
      let run = try await sandbox.skep(["node", "setup"] + names, inventory: inventory)
      #expect(run.status == 4, "exit \(run.status): \(run.stdout)\n\(run.stderr)")
      #expect(run.stdout.contains("\(down): unreachable"), "stdout: \(run.stdout)")
      #expect(run.stdout.contains("cannot reach \(down) over SSH"), "stdout: \(run.stdout)")
      for name in names.prefix(2) {
        #expect(run.stdout.contains("\(name): applied 1 change"), "stdout: \(run.stdout)")
        let written = try String(contentsOfFile: "\(nodeRoot(name))/etc-upper/logrotate.d/skep", encoding: .utf8)
        #expect(written.contains("/var/log/unreachable-test/*.log"))
      }
      let untouched =
        (try? String(contentsOfFile: "\(nodeRoot(down))/etc-upper/logrotate.d/skep", encoding: .utf8)) ?? ""
      #expect(!untouched.contains("unreachable-test"))
    }
  }
}

extension SwarmFormationTests {
  /// With one manager down, restarting another manager's engine would leave 1 of 3: `node setup` writes the file
  /// but refuses the restart (exit 3), and the engine keeps running.
  @Test func nodeSetupRefusesAnEngineRestartThatWouldLoseQuorum() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let target = nodes[0].name
    let down = nodes[2].name
    let current = try JSONSerialization.jsonObject(
      with: try Data(contentsOf: URL(fileURLWithPath: "\(nodeRoot(target))/etc-docker/daemon.json")))
    let options = (current as? [String: Any])?["log-opts"] as? [String: String]
    let maxFile = String((Int(options?["max-file"] ?? "") ?? 3) + 1)
    let inventory = try setupInventory(
      """
        docker:
          log_opts: {max-size: 10m, max-file: "\(maxFile)"}
          restart_command: /etc/skep-sandbox/restart-dockerd
          reload_command: /etc/skep-sandbox/reload-dockerd
      """, name: "node-setup-quorum.yml")
    let pid = dockerdPid(target)

    try await sandboxCommand("stop", down)
    do {
      let noticed = await sandbox.eventually(timeout: 90) {
        let members = try await self.sandbox.client(target).nodes()
        return members.contains { $0.description?.hostname == down && $0.managerStatus?.reachability == .unreachable }
      }
      #expect(noticed, "the swarm never saw \(down) unreachable")
      let run = try await sandbox.skep(["node", "setup", target], inventory: inventory)
      #expect(run.status == 3, "exit \(run.status): \(run.stdout)\n\(run.stderr)")
      #expect(run.stdout.contains("would lose quorum while it is down"), "stdout: \(run.stdout)")
      #expect(dockerdPid(target) == pid, "the engine was restarted anyway")
      // By the node's own swarm ID, not its hostname.
      let id = try await sandbox.client(target).info().swarm?.nodeID
      let members = try await sandbox.client(target).nodes()
      let listed = members.map { "\($0.id) \($0.description?.hostname ?? "?") \($0.spec.availability)" }
      #expect(members.first { $0.id == id }?.spec.availability == .active, "left drained? \(id ?? "?"): \(listed)")
    } catch {
      try await sandboxCommand("start", down)
      throw error
    }
    try await sandboxCommand("start", down)
    let healed = await sandbox.eventually(timeout: 120) {
      let members = try await self.sandbox.client(target).nodes().filter { $0.spec.role == .manager }
      return members.count == 3
        && members.allSatisfy { $0.managerStatus?.leader == true || $0.managerStatus?.reachability == .reachable }
    }
    #expect(healed, "the managers never all came back reachable")
  }
}
