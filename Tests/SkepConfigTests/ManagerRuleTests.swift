import SkepConfig
import Testing

@Suite struct ManagerRuleTests {
  /// `managers: N` then `count` nodes, node i at lines 3+3i; roles by index.
  static func inventory(managers: String, count: Int, roles: [Int: String] = [:]) -> String {
    var yaml = "managers: \(managers)\nnodes:\n"
    for index in 0..<count {
      let role = roles[index].map { ", role: \($0)" } ?? ""
      yaml += "  - {name: n\(index), address: 10.0.0.\(index), docker: 'unix:///s\(index)'\(role)}\n"
    }
    return yaml
  }

  @Test func evenCountExplainsQuorum() {
    expectError(
      Self.inventory(managers: "4", count: 5), at: "skep.yml:1:11",
      "an even number of managers tolerates no more failures than one fewer (4 tolerates 1 like 3)",
      "split vote", "use 1, 3, 5 or 7")
  }

  @Test func atLeastOne() {
    expectError(Self.inventory(managers: "0", count: 1), at: "skep.yml:1:11", "at least 1 manager")
    expectError(Self.inventory(managers: "-1", count: 1), at: "skep.yml:1:11", "at least 1 manager")
  }

  @Test func atMostSeven() {
    expectError(
      Self.inventory(managers: "9", count: 9), at: "skep.yml:1:11",
      "more than 7 managers slows Raft down; use 3 or 5")
  }

  @Test func notMoreThanTheNodesThatCanBeManagers() {
    expectError(Self.inventory(managers: "3", count: 2), at: "skep.yml:1:11", "only 2 of 2 nodes can be managers")
    let workers = Self.inventory(managers: "3", count: 4, roles: [1: "worker", 2: "worker"])
    expectError(workers, at: "skep.yml:1:11", "only 2 of 4 nodes can be managers", "2 pinned with role: worker")
  }

  @Test func notMorePinnedManagersThanManagers() {
    let yaml = Self.inventory(managers: "1", count: 3, roles: [0: "manager", 2: "manager"])
    expectError(yaml, at: "skep.yml:5:63", "2 nodes have role: manager but 'managers' is 1", "skep.yml:1:11")
  }

  @Test func oddCountsWithinTheNodesAreFine() throws {
    for managers in [1, 3, 5, 7] {
      let yaml = Self.inventory(managers: "\(managers)", count: 7, roles: [0: "manager"])
      #expect(try InventoryLoader.parse(yaml, file: "skep.yml").managers == managers)
    }
  }
}
