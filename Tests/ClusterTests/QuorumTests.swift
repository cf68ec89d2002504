import Cluster
import SkepConfig
import Testing

@Suite struct QuorumTests {
  @Test(arguments: [
    (3, 3, 1), (3, 2, 0), (3, 1, -1), (5, 5, 2), (5, 3, 0), (1, 1, 0), (7, 7, 3),
  ])
  func toleratedLosses(managers: Int, reachable: Int, tolerated: Int) {
    let quorum = Quorum(managers: managers, reachable: reachable)
    #expect(quorum.toleratedLosses == tolerated)
    #expect(quorum.hasQuorum == (tolerated >= 0))
  }

  @Test func summaryReadsLikeSentence() {
    #expect(Quorum(managers: 3, reachable: 3).summary == "3 managers, 3 reachable: tolerates 1 more manager loss")
    #expect(Quorum(managers: 3, reachable: 2).summary.hasSuffix("tolerates no further manager loss"))
    #expect(Quorum(managers: 3, reachable: 1).summary.contains("QUORUM LOST"))
  }

  @Test func removingAManagerWhileAnotherIsDownIsRefused() throws {
    var members = formed(3, managers: 3).members
    members[2].reachability = "unreachable"
    members[2].state = "down"
    let refusal = try #require(NodeSafety.refusalToRemove(members[1], members: members))
    #expect(refusal.contains("lose quorum"))
    #expect(refusal.contains("majority"))
    // Removing the manager that is down leaves 2 of 2: allowed.
    #expect(NodeSafety.refusalToRemove(members[2], members: members) == nil)
  }

  @Test func theLastManagerIsNeverRemoved() throws {
    let members = formed(2, managers: 1).members
    let refusal = try #require(NodeSafety.refusalToRemove(members[0], members: members))
    #expect(refusal.contains("last manager"))
    #expect(NodeSafety.refusalToRemove(members[1], members: members) == nil)
  }

  @Test func drainingTheOnlyActiveNodeIsRefused() throws {
    var members = formed(2, managers: 1).members
    members[1].availability = "drain"
    #expect(NodeSafety.refusalToDrain(members[0], members: members) != nil)
    #expect(NodeSafety.refusalToDrain(members[1], members: members) == nil)
  }

  @Test func statusMarksUnreachableManagersAndCountsTolerance() throws {
    var observed = formed(3, managers: 3)
    observed.members[2].reachability = "unreachable"
    observed.members[2].state = "down"
    let status = ClusterStatus.make(inventory: try inventory(nodes: 3, managers: 3), observed: observed)
    #expect(status.nodes.map(\.managerStatus) == ["leader", "reachable", "unreachable"])
    #expect(status.quorum.toleratedLosses == 0)
  }
}
