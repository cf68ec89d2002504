import DockerEngine
import Foundation
import SkepConfig
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  func sandboxCommand(_ verb: String, _ node: String) async throws {
    let output = try await sandbox.skep(["sandbox", verb, node, "--dir", sandbox.directory])
    #expect(output.status == 0, "sandbox \(verb) \(node) failed: \(output.stderr)")
  }

  @Test func aStoppedManagerShowsUnreachableBlocksRemovalAndHealsWithoutSkep() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let stopped = nodes[2].name
    let other = nodes[1].name

    try await sandboxCommand("stop", stopped)
    do {
      // The other managers notice within a few heartbeats: unreachable, and no further loss tolerated.
      let noticed = await sandbox.eventually(timeout: 90) {
        let status = try await status()
        let row = status.nodes.first { $0.name == stopped }
        return row?.managerStatus == "unreachable" && status.quorum.toleratedLosses == 0
      }
      #expect(noticed, "status never showed \(stopped) unreachable with no loss tolerated")

      // Removing another manager now would lose quorum: refused, explained, nothing changed.
      let before = try await versionIndexes()
      let rm = try await sandbox.skep(["node", "rm", other])
      #expect(rm.status == 3, "node rm exit \(rm.status): \(rm.stderr)")
      #expect(rm.stderr.contains("quorum") && rm.stderr.contains("majority"), "stderr: \(rm.stderr)")
      #expect(try await versionIndexes() == before)
    } catch {
      try await sandboxCommand("start", stopped)
      throw error
    }

    // Started again, the swarm heals by itself: no skep command in between.
    try await sandboxCommand("start", stopped)
    let healed = await sandbox.eventually(timeout: 120) {
      let status = try await status()
      let managers = status.nodes.filter { $0.role == "manager" }
      return managers.count == 3
        && managers.allSatisfy { $0.managerStatus == "leader" || $0.managerStatus == "reachable" }
        && status.quorum.toleratedLosses == 1
    }
    #expect(healed, "status never became healthy after \(stopped) came back")
  }

  @Test func drainMovesAWorkerOutOfSchedulingAndRefusesUnknownNodes() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let worker = nodes[3].name
    let drain = try await sandbox.skep(["node", "drain", worker])
    #expect(drain.status == 0, "node drain failed: \(drain.stderr)")
    let member = try #require(try await members().first { $0.description?.hostname == worker })
    #expect(member.spec.availability == .drain)
    // Back to active for the suites that follow.
    var spec = member.spec
    spec.availability = .active
    try await sandbox.client(nodes[0].name).updateNode(member.id, version: member.version.index, spec: spec)

    let unknown = try await sandbox.skep(["node", "drain", "no-such-node"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("no node named 'no-such-node'"))
  }
}
