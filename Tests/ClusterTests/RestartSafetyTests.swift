import Cluster
import Testing

/// When an engine restart may take a node away (``NodeSafety/refusalToRestart(_:members:)``).
@Suite struct RestartSafetyTests {
  @Test func aManagerRestartsOnlyWhileTheOthersKeepAMajority() throws {
    let members = formed(3, managers: 3).members
    #expect(NodeSafety.refusalToRestart(members[0], members: members) == nil, "3 of 3: one may go")

    var oneDown = members
    oneDown[2].reachability = "unreachable"
    oneDown[2].state = "down"
    let refusal = try #require(NodeSafety.refusalToRestart(oneDown[1], members: oneDown))
    #expect(refusal.contains("would lose quorum while it is down"))
    #expect(refusal.contains("now 2 of 3 managers answer, 2 are needed"))
    // The manager already down may be restarted: the majority does not count on it.
    #expect(NodeSafety.refusalToRestart(oneDown[2], members: oneDown) == nil)
  }

  @Test func aWorkerRestartsWhateverTheManagersDoButNeverTheLastActiveNode() throws {
    var members = formed(4, managers: 3).members
    members[1].reachability = "unreachable"
    #expect(NodeSafety.refusalToRestart(members[3], members: members) == nil)

    var single = formed(2, managers: 1).members
    single[0].availability = "drain"
    let refusal = try #require(NodeSafety.refusalToRestart(single[1], members: single))
    #expect(refusal.contains("only active, ready node"))
  }
}
