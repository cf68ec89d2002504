import Backup
import Foundation
import SkepConfig
import Testing

@Suite struct AgentPlanTests {
  let options = AgentBackupOptions(node: "node2", volumesRoot: "/skep/volumes/")

  func container(
    _ name: String, image: String = "debian:bookworm", labels: [String: String] = [:], state: String = "running",
    environment: [String] = [], volumes: [String]
  ) -> ObservedContainer {
    ObservedContainer(
      user: VolumeUser(
        id: "id-\(name)", name: name, image: image, labels: labels, state: state, environment: environment),
      volumes: volumes)
  }

  func step(_ plan: VolumePlan) -> FilesStep? {
    if case .backup(let step) = plan.action { return step }
    return nil
  }

  @Test func rulesJSONTheCLIWritesIsReadBack() throws {
    let json =
      #"{"volumes":{"db":{"backup":true,"consistency":"stop","exclude":["*.tmp"]},"scratch":{"backup":false}}}"#
    let rules = try AgentBackupRules.decode(json: json)
    #expect(rules.rule(for: "db") == VolumeRule(consistency: .stop, exclude: ["*.tmp"]))
    #expect(rules.rule(for: "scratch").backup == false)
    #expect(rules.rule(for: "unknown") == VolumeRule())
    let fromInventory = AgentBackupRules(rules: ["db": VolumeRule(consistency: .stop, exclude: ["*.tmp"])])
    #expect(try AgentBackupRules.decode(json: fromInventory.json()) == fromInventory)
    #expect(throws: (any Error).self) { try AgentBackupRules.decode(json: #"{"volumes":{"x":{"consistency":"x"}}}"#) }
  }

  @Test func skipsVolumesThatAreNotLocalOrOptedOutAndHonoursTheFilter() {
    let volumes = [
      ObservedVolume(name: "nfs", driver: "nfs-plugin"), ObservedVolume(name: "off", labels: ["skep.backup": "false"]),
      ObservedVolume(name: "ruled-off"), ObservedVolume(name: "web"),
    ]
    var options = options
    options.rules = AgentBackupRules(volumes: ["ruled-off": .init(backup: false)])
    let plans = VolumeBackupPlanner.plan(volumes: volumes, containers: [], options: options)
    #expect(plans.map(\.volume) == ["nfs", "off", "ruled-off", "web"])
    #expect(plans.map { step($0) == nil } == [true, true, true, false])
    if case .skip(let reason) = plans[0].action { #expect(reason.contains("not local")) }
    options.volumes = ["web", "elsewhere"]
    #expect(VolumeBackupPlanner.plan(volumes: volumes, containers: [], options: options).map(\.volume) == ["web"])
  }

  /// A skep driver volume is backed up only on the node holding its lease (the driver snapshots it under that epoch
  /// while the agent freezes and dumps as for a local volume); elsewhere it is skipped with the reason.
  @Test func skepDriverVolumesAreBackedUpWhereTheirLeaseIsHeld() throws {
    let db = container(
      "shop_db.1.x", image: "mariadb:10.11", environment: ["MARIADB_ROOT_PASSWORD=s3cret"], volumes: ["held"])
    let plans = VolumeBackupPlanner.plan(
      volumes: [
        ObservedVolume(name: "held", driver: "skep", heldEpoch: 7), ObservedVolume(name: "elsewhere", driver: "skep"),
      ], containers: [db], options: options)
    #expect(plans.map(\.volume) == ["elsewhere", "held"])
    guard case .skip(let reason) = plans[0].action else {
      Issue.record("a driver volume held elsewhere is skipped")
      return
    }
    #expect(reason.contains("not held on this node"))
    let held = try #require(step(plans[1]))
    #expect(held.driverEpoch == 7 && held.decision.mode == .pause && held.dumps.count == 1)
  }

  @Test func databaseVolumeIsPausedDumpedOnceAndTaggedWithItsService() throws {
    let db = container(
      "shop_db.1.x", image: "mariadb:10.11",
      labels: ["com.docker.stack.namespace": "shop", "com.docker.swarm.service.name": "shop_db"],
      environment: ["MARIADB_ROOT_PASSWORD=s3cret"], volumes: ["conf", "data"])
    let stopped = container("old", image: "postgres:16", state: "exited", volumes: ["data"])
    let plans = VolumeBackupPlanner.plan(
      volumes: [ObservedVolume(name: "data"), ObservedVolume(name: "conf")], containers: [db, stopped],
      options: options)
    let conf = try #require(step(plans[0]))
    let data = try #require(step(plans[1]))
    #expect(conf.decision.mode == .pause && conf.decision.containers == ["shop_db.1.x"])
    // One dump per database container, with its first volume by name; never of a stopped container.
    #expect(conf.dumps.count == 1 && data.dumps.isEmpty)
    let dump = try #require(conf.dumps.first)
    #expect(dump.tags == SnapshotTags(volume: "conf", kind: .dump, node: "node2", stack: "shop", service: "shop_db"))
    let command = try dump.command.get()
    #expect(!command.arguments.joined().contains("s3cret") && !command.description.contains("s3cret"))
    #expect(command.execEnvironment == ["MYSQL_PWD=s3cret"])
    #expect(data.tags.rendered == ["volume=data", "kind=files", "node=node2", "stack=shop", "service=shop_db"])
    #expect(options.dataPath(of: "data") == "/skep/volumes/data/_data")
  }

  @Test func databaseWithoutCredentialsPlansAFailedDump() throws {
    let db = container(
      "db", image: "mysql:8", environment: ["MYSQL_RANDOM_ROOT_PASSWORD=yes"], volumes: ["data"])
    let plans = VolumeBackupPlanner.plan(volumes: [ObservedVolume(name: "data")], containers: [db], options: options)
    let dump = try #require(step(plans[0])?.dumps.first)
    #expect(throws: DumpCommandError.self) { try dump.command.get() }
  }

  @Test func ruleFromTheInventoryWinsOverLabels() throws {
    var options = options
    options.rules = AgentBackupRules(volumes: ["data": .init(consistency: ConsistencyMode.none, exclude: ["cache/"])])
    let app = container("app", labels: ["skep.backup.consistency": "stop"], volumes: ["data"])
    let plans = VolumeBackupPlanner.plan(volumes: [ObservedVolume(name: "data")], containers: [app], options: options)
    let data = try #require(step(plans[0]))
    #expect(data.decision.mode == .none && data.decision.containers.isEmpty && data.excludes == ["cache/"])
  }
}
