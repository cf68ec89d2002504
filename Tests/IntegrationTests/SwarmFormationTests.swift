import Cluster
import DockerEngine
import Foundation
import SkepConfig
import SkepTestSupport
import Testing

/// The acceptance scenarios of cluster formation, on the shared sandbox (4 nodes, mixed engines). Serialized: they
/// share one swarm and change it.
@Suite(.serialized, .enabled(if: SandboxFixture.isEnabled)) struct SwarmFormationTests {
  let sandbox: SandboxFixture
  let nodes: [InventoryNode]

  init() throws {
    sandbox = try SandboxFixture.shared()
    nodes = try sandbox.inventory().nodes
    #expect(nodes.count >= 4, "the shared sandbox must have 4 nodes: 3 managers and a worker")
  }

  /// The managers' view: all members.
  func members() async throws -> [SwarmNode] {
    for node in nodes.prefix(3) {
      if let list = try? await sandbox.client(node.name).nodes() { return list }
    }
    throw FixtureError("no manager answers")
  }

  func status(_ inventory: String? = nil) async throws -> ClusterStatusJSON {
    let output = try await sandbox.skep(["cluster", "status", "--json"], inventory: inventory)
    #expect(output.status == 0, "cluster status failed: \(output.stderr)")
    return try JSONDecoder().decode(ClusterStatusJSON.self, from: Data(output.stdout.utf8))
  }

  /// Takes every sandbox node out of any swarm, so a scenario starts from plain engines whatever ran before it.
  func resetSwarm() async throws {
    for node in nodes {
      let client = try sandbox.client(node.name)
      if try await client.info().swarm?.localNodeState != .inactive {
        try await client.swarmLeave(force: true)
      }
    }
  }

  @Test func threeManagersFormThenASecondRunWritesNothingThenAWorkerIsRejoined() async throws {
    try await resetSwarm()
    // 3 nodes, the inventory wants 3 managers.
    let three = try sandbox.writeInventory(inventoryText(Array(nodes.prefix(3)), managers: 3), name: "three.yml")
    let up = try await sandbox.skep(["cluster", "up"], inventory: three)
    #expect(up.status == 0, "cluster up failed: \(up.stderr)")

    let formed = try await members()
    let managers = formed.filter { $0.spec.role == .manager }
    #expect(managers.count == 3)
    #expect(managers.filter { $0.managerStatus?.leader == true }.count == 1)
    #expect(
      managers.filter { $0.managerStatus?.leader != true && $0.managerStatus?.reachability == .reachable }.count == 2)
    let threeStatus = try await status(three)
    #expect(threeStatus.quorum.toleratedLosses == 1)
    // The sandbox mixes Docker 20.10 and 26.1: a mixed-version swarm formed.
    let engines = Set(threeStatus.nodes.compactMap(\.engineVersion).map { $0.prefix(5) })
    #expect(engines.contains("20.10") && engines.contains("26.1."), "engines: \(engines)")

    // A second run performs no write: every node's and the swarm's version index stay the same.
    let before = try await versionIndexes()
    let again = try await sandbox.skep(["cluster", "up", "--json"], inventory: three)
    #expect(again.status == 0, "second cluster up failed: \(again.stderr)")
    #expect(again.stdout.contains("\"changed\" : false"))
    #expect(try await versionIndexes() == before)

    // The full inventory adds node4 as a worker.
    let full = try await sandbox.skep(["cluster", "up"])
    #expect(full.status == 0, "cluster up (4 nodes) failed: \(full.stderr)")
    let worker = try #require(try await members().first { $0.description?.hostname == nodes[3].name })
    #expect(worker.spec.role == .worker)

    // Forced out of the swarm on its own engine, the worker is rejoined by `cluster up`, its stale entry removed.
    try await sandbox.client(nodes[3].name).swarmLeave(force: true)
    let rejoin = try await sandbox.skep(["cluster", "up"])
    #expect(rejoin.status == 0, "cluster up after leave failed: \(rejoin.stderr)")
    #expect(rejoin.stdout.contains("join \(nodes[3].name) as worker"))
    let info = try await sandbox.client(nodes[3].name).info()
    #expect(info.swarm?.localNodeState == .active)
    let entries = try await members().filter { $0.description?.hostname == nodes[3].name }
    #expect(entries.count == 1)
    #expect(entries.first?.id == info.swarm?.nodeID)
  }

  /// Node and swarm object versions: any write to the swarm bumps one of them.
  func versionIndexes() async throws -> [String: UInt64] {
    var indexes: [String: UInt64] = [:]
    for member in try await members() { indexes[member.id] = member.version.index }
    indexes["swarm"] = try await sandbox.client(nodes[0].name).swarmInspect().version.index
    return indexes
  }
}

/// `cluster status --json`, decoded the way a script would.
struct ClusterStatusJSON: Decodable {
  struct Row: Decodable {
    var name: String
    var role: String?
    var managerStatus: String?
    var state: String
    var engineVersion: String?
  }
  struct QuorumJSON: Decodable {
    var managers: Int
    var reachable: Int
    var toleratedLosses: Int
  }
  var nodes: [Row]
  var quorum: QuorumJSON
}
