import Cluster
import SkepConfig
import Testing

@Suite struct ClusterPlanTests {
  @Test func freshNodesFormASwarmWithTheWantedManagers() throws {
    let plan = try ClusterPlan.make(
      inventory: try inventory(nodes: 5, managers: 3), observed: ObservedCluster(engines: freshEngines(5)))
    #expect(
      plan.steps == [
        .initSwarm(node: "node1"), .join(node: "node2", role: .manager), .join(node: "node3", role: .manager),
        .join(node: "node4", role: .worker), .join(node: "node5", role: .worker),
      ])
    #expect(plan.managers == ["node1", "node2", "node3"])
  }

  @Test func aSwarmThatMatchesNeedsNoStep() throws {
    let plan = try ClusterPlan.make(inventory: try inventory(nodes: 3, managers: 3), observed: formed(3, managers: 3))
    #expect(plan.isEmpty)
    #expect(plan.warnings.isEmpty)
  }

  @Test func workersArePromotedBeforeAnyDemotion() throws {
    var observed = formed(4, managers: 1)
    // node4 is a manager but the inventory pins it as a worker.
    observed.members[3].role = .manager
    observed.members[3].reachability = "reachable"
    let extra = [4: "    role: worker\n"]
    let plan = try ClusterPlan.make(inventory: try inventory(nodes: 4, managers: 3, extra: extra), observed: observed)
    #expect(plan.steps == [.promote(node: "node2"), .promote(node: "node3"), .demote(node: "node4")])
  }

  @Test func currentManagersAreKeptRatherThanShuffled() throws {
    var observed = formed(3, managers: 1)
    // node3 is the current manager, node1 a worker: wanting one manager keeps node3.
    observed.members[0].role = .worker
    observed.members[0].leader = false
    observed.members[2].role = .manager
    observed.members[2].leader = true
    let plan = try ClusterPlan.make(inventory: try inventory(nodes: 3, managers: 1), observed: observed)
    #expect(plan.managers == ["node3"])
    #expect(plan.isEmpty)
  }

  @Test func pinnedRolesWin() throws {
    let extra = [1: "    role: worker\n", 3: "    role: manager\n"]
    let plan = try ClusterPlan.make(
      inventory: try inventory(nodes: 3, managers: 1, extra: extra), observed: ObservedCluster(engines: freshEngines(3))
    )
    #expect(plan.steps.first == .initSwarm(node: "node3"))
    #expect(plan.steps.contains(.join(node: "node1", role: .worker)))
  }

  @Test func aWorkerThatLeftIsRejoinedAndItsStaleEntryRemoved() throws {
    var observed = formed(3, managers: 1)
    observed.engines[2] = ObservedEngine(name: "node3", reachable: true, localState: .inactive)
    observed.members[2].state = "down"
    let plan = try ClusterPlan.make(inventory: try inventory(nodes: 3, managers: 1), observed: observed)
    #expect(
      plan.steps == [
        .join(node: "node3", role: .worker), .removeStale(id: "id-3", hostname: "node3", wasManager: false),
      ])
  }

  @Test func unreachableNodesAreSkippedWithAWarning() throws {
    var observed = formed(3, managers: 3)
    observed.engines[1] = .unreachable("node2", error: "connection refused")
    let plan = try ClusterPlan.make(inventory: try inventory(nodes: 3, managers: 3), observed: observed)
    #expect(plan.isEmpty)
    #expect(plan.warnings.count == 1)
    #expect(plan.warnings.first?.contains("node2") == true)
    #expect(plan.warnings.first?.contains("connection refused") == true)
  }

  @Test func workersOfASwarmWithoutAnswersAreNotReinitialised() throws {
    var observed = ObservedCluster(engines: freshEngines(3))
    observed.engines[1].localState = .active
    #expect(throws: ClusterPlanError.self) {
      try ClusterPlan.make(inventory: try inventory(nodes: 3, managers: 1), observed: observed)
    }
  }

  @Test func noReachableManagerCandidateIsAnError() throws {
    let engines = (1...3).map { ObservedEngine.unreachable("node\($0)", error: "no such file") }
    let error = #expect(throws: ClusterPlanError.self) {
      try ClusterPlan.make(inventory: try inventory(nodes: 3, managers: 3), observed: ObservedCluster(engines: engines))
    }
    #expect(error?.message.contains("no node that may be a manager answers") == true)
  }

  @Test func labelsAreAppliedOnlyWhenTheyDiffer() throws {
    let extra = [2: "    labels:\n      zone: attic\n"]
    var observed = formed(3, managers: 3)
    let wanted = try inventory(nodes: 3, managers: 3, extra: extra)
    #expect(
      try ClusterPlan.make(inventory: wanted, observed: observed).steps == [
        .setLabels(node: "node2", labels: ["zone": "attic"])
      ])
    observed.members[1].labels = ["zone": "attic", "other": "kept"]
    #expect(try ClusterPlan.make(inventory: wanted, observed: observed).isEmpty)
  }

  @Test func aNodeOfAnotherSwarmIsLeftAlone() throws {
    var observed = formed(3, managers: 1)
    observed.engines[2] = ObservedEngine(
      name: "node3", reachable: true, localState: .active, nodeID: "foreign", clusterID: "other-cluster",
      controlAvailable: true)
    observed.members.removeLast()
    let plan = try ClusterPlan.make(inventory: try inventory(nodes: 3, managers: 1), observed: observed)
    #expect(plan.isEmpty)
    #expect(plan.warnings.first?.contains("another swarm") == true)
  }
}

@Suite struct StaleEntryTests {
  @Test func aNodeThatJustLeftIsStaleEvenWhileManagersStillSeeItReady() throws {
    var observed = formed(3, managers: 1)
    observed.engines[2] = ObservedEngine(name: "node3", reachable: true, localState: .inactive)
    let plan = try ClusterPlan.make(inventory: try inventory(nodes: 3, managers: 1), observed: observed)
    #expect(plan.steps.last == .removeStale(id: "id-3", hostname: "node3", wasManager: false))
  }
}
