import DockerEngine
import Foundation
import RunHistory
import Testing

@testable import ControlService
@testable import SkepCommands

@Suite struct ControlDeploymentTests {
  let deployment = ControlDeployment(
    image: "registry.lan:5000/skep:latest", port: 8484,
    dockerSocketSource: "/srv/nodes/{{.Node.Hostname}}/docker.sock", historyDriver: "skep",
    secrets: [
      .init(role: .inventory, id: "id-inv", name: "skep-control-inventory-0123456789ab"),
      .init(role: .password, id: "id-pw", name: "skep-control-password-ba9876543210"),
      .init(role: .webhookToken, id: "id-tok", name: "skep-control-webhook-token-aaaaaaaaaaaa"),
    ])

  @Test func oneReplicaOnAManagerPublishedInHostModeWithTheHistoryOnTheSkepDriver() throws {
    let spec = deployment.serviceSpec()
    #expect(spec.name == "skep-control")
    #expect(spec.mode == .replicated(replicas: 1))
    #expect(spec.taskTemplate.placement?.constraints == ["node.role==manager"])
    let port = try #require(spec.endpointSpec?.ports?.first)
    #expect(port.publishMode == "host" && port.publishedPort == 8484 && port.targetPort == 8484)
    let mounts = spec.taskTemplate.containerSpec.mounts ?? []
    let history = try #require(mounts.first { $0.target == "/var/lib/skep-control" })
    #expect(history.source == "skep-control-history" && history.volumeOptions?.driverConfig?.name == "skep")
    #expect(mounts.contains { $0.target == "/run/docker/plugins" }, "the driver's socket, for snapshots of the history")
    #expect(mounts.contains { $0.source == "/srv/nodes/{{.Node.Hostname}}/docker.sock" })
    let command = spec.taskTemplate.containerSpec.command ?? []
    #expect(command.contains("--snapshot-history") && command.contains("--webhook-token-file"))
    #expect(!command.contains("--smtp-password-file"), "no SMTP password was given")
  }

  /// The service runs the slim binary, and its arguments are what that binary parses: the inventory, then the
  /// service's own options (the secrets' files, the history, the port, the job image).
  @Test func theServiceRunsSkepControlWithArgumentsItParses() throws {
    let command = deployment.serviceSpec().taskTemplate.containerSpec.command ?? []
    #expect(command.first == "skep-control")
    let options = try ControlServeOptions.parse(Array(command.dropFirst()))
    #expect(options.inventory == "/run/secrets/skep-control-inventory")
    #expect(options.history == "/var/lib/skep-control/history.sqlite")
    #expect(options.port == 8484 && options.jobImage == "registry.lan:5000/skep:latest")
    #expect(options.passwordFile == "/run/secrets/skep-control-password")
    #expect(options.webhookTokenFile == "/run/secrets/skep-control-webhook-token" && options.smtpPasswordFile == nil)
    #expect(options.snapshotHistory && options.clusterName == "skep")
  }

  /// A command line skep-control cannot use is refused with the option named; `--name=value` works too.
  @Test func badCommandLinesAreRefusedNamingTheOption() throws {
    func refusal(_ arguments: [String]) -> String? {
      do {
        _ = try ControlServeOptions.parse(arguments)
        return nil
      } catch {
        return error.kind == .usage ? error.description : "kind \(error.kind)"
      }
    }
    let base = ["--history", "/h.sqlite", "--job-image", "r/skep:latest"]
    #expect(refusal(base + ["--colour"]) == "unknown option or argument '--colour' (see --help)")
    #expect(refusal(base + ["--port"]) == "--port needs a value")
    #expect(refusal(base + ["--port", "http"]) == "--port must be a TCP port (1-65535), not 'http'")
    #expect(refusal(base + ["--log-level", "loud"])?.hasPrefix("--log-level must be one of trace, debug") == true)
    #expect(refusal(["--job-image", "r/skep:latest"]) == "--history FILE is required")
    #expect(refusal(["--help"]) == "kind help")
    let options = try ControlServeOptions.parse(base + ["--port=9090", "-i", "lab.yml", "--log-level", "DEBUG"])
    #expect(options.port == 9090 && options.inventory == "lab.yml" && options.logLevel == "debug")
    #expect(options.inventoryPath(environment: [:]) == "lab.yml")
    var plain = options
    plain.inventory = nil
    #expect(plain.inventoryPath(environment: ["SKEP_INVENTORY": "/etc/skep.yml"]) == "/etc/skep.yml")
    #expect(plain.inventoryPath(environment: [:]) == "skep.yml")
  }

  /// skep-control's jobs run the full `skep` beside it; `skep control serve` runs its own binary.
  @Test func jobsRunTheSkepBinaryBesideTheService() {
    #expect(ControlService.jobExecutable(own: "/usr/local/bin/skep-control") == "/usr/local/bin/skep")
    #expect(
      ControlService.jobExecutable(own: "/home/pi/skep/.build/release/skep") == "/home/pi/skep/.build/release/skep")
  }

  @Test func secretsGoByReferenceAndTheirNamesFollowTheirContent() throws {
    let spec = deployment.serviceSpec()
    let references = spec.taskTemplate.containerSpec.secrets ?? []
    #expect(
      references.map(\.file?.name) == ["skep-control-inventory", "skep-control-password", "skep-control-webhook-token"])
    let a = ControlDeployment.secretName(.password, data: Data("one".utf8))
    let b = ControlDeployment.secretName(.password, data: Data("two".utf8))
    #expect(a != b && a.hasPrefix("skep-control-password-") && a.count == "skep-control-password-".count + 12)
    #expect(a == ControlDeployment.secretName(.password, data: Data("one".utf8)))
  }

  @Test func theDashboardNamesTheSwarmAfterTheInventory() {
    #expect(ControlDeployment.clusterName(inventoryFile: "/home/pi/lab.yml") == "lab")
    #expect(ControlDeployment.clusterName(inventoryFile: "/home/pi/homelab/skep.yml") == "homelab")
    let command = deployment.serviceSpec().taskTemplate.containerSpec.command ?? []
    let flag = command.firstIndex(of: "--cluster-name")
    #expect(flag.map { command[$0 + 1] } == "skep")
  }

  @Test func theSpecLabelChangesWithTheSpecOnly() throws {
    let label = try deployment.labelledServiceSpec().labels?[ControlDeployment.specLabel]
    let again = try deployment.labelledServiceSpec().labels?[ControlDeployment.specLabel]
    var moved = deployment
    moved.port = 9090
    let other = try moved.labelledServiceSpec().labels?[ControlDeployment.specLabel]
    #expect(label != nil && label == again && label != other)
  }

  @Test func withoutTheDriverTheHistoryUsesTheLocalDriverAndNoPluginMount() {
    var local = deployment
    local.historyDriver = nil
    let spec = local.serviceSpec()
    let mounts = spec.taskTemplate.containerSpec.mounts ?? []
    #expect(mounts.first { $0.target == "/var/lib/skep-control" }?.volumeOptions?.driverConfig == nil)
    #expect(!mounts.contains { $0.target == "/run/docker/plugins" })
    #expect(!(spec.taskTemplate.containerSpec.command ?? []).contains("--snapshot-history"))
  }
}

@Suite struct ControlJobOutcomeTests {
  @Test func aBackupReportBecomesItemsPerNodeAndVolumeAndAMessageNamingTheFailures() {
    let json = """
      {"job":"skep-backup-x","events":[
        {"node":"node2","volume":"db","kind":"dump","mode":"none","status":"ok","bytesNew":100,"bytesTotal":900,
         "duration":1.5,"snapshot":"abcd1234"},
        {"node":"node4","volume":"media","kind":"files","mode":"pause","status":"failed",
         "reason":"pre hook exited with status 3"}],
       "nodes":[{"node":"node2","status":"ok"},{"node":"node4","status":"failed","reason":"1 volume failed"},
                {"node":"node3","status":"failed","reason":"task rejected: no such image"}],
       "unpaused":[],"summary":{"ok":1,"failed":1,"skipped":0,"failedNodes":["node4","node3"]}}
      """
    let outcome = ControlJobRunner.outcome(.backup, status: 1, stdout: json, stderr: "")
    #expect(outcome.status == .failed)
    #expect(outcome.bytesAdded == 100)
    #expect(outcome.items.count == 3)
    #expect(outcome.items.contains { $0.node == "node4" && $0.volume == "media" && $0.status == .failed })
    #expect(outcome.items.contains { $0.node == "node3" && $0.volume == nil && $0.kind == "task" })
    #expect(outcome.items.first { $0.volume == "db" }?.reference == "abcd1234")
    #expect(
      outcome.message == "2 volumes: 1 backed up, 1 failed, 0 skipped; failed: media on node4, node node3",
      "\(outcome.message)")
  }

  @Test func aFailureWithoutAReportIsExplainedByItsLastErrorLine() {
    let outcome = ControlJobRunner.outcome(
      .check, status: 4, stdout: "", stderr: "progress…\nerror: no swarm manager answers\n")
    #expect(outcome.status == .failed && outcome.message == "no swarm manager answers" && outcome.items.isEmpty)
    let fine = ControlJobRunner.outcome(.clean, status: 0, stdout: "{}", stderr: "")
    #expect(fine.status == .succeeded && fine.message == "clean succeeded")
  }
}
