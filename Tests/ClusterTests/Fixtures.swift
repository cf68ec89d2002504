import Cluster
import SkepConfig
import Testing

/// An inventory of `count` nodes named node1…nodeN, parsed from YAML like a user's file.
func inventory(nodes count: Int, managers: Int, extra: [Int: String] = [:]) throws -> Inventory {
  var yaml = "managers: \(managers)\nnodes:\n"
  for index in 1...count {
    yaml += """
        - name: node\(index)
          address: 192.168.9.\(10 + index)
          docker: unix:///run/node\(index).sock

      """
    if let more = extra[index] { yaml += more }
  }
  return try InventoryLoader.parse(yaml, file: "skep.yml")
}

/// Engines that all answer and are not in a swarm.
func freshEngines(_ count: Int) -> [ObservedEngine] {
  (1...count).map { ObservedEngine(name: "node\($0)", reachable: true, engineVersion: "26.1.5") }
}

/// A formed swarm: the first `managers` nodes are managers (node1 leads), the others workers.
func formed(_ count: Int, managers: Int, cluster: String = "cluster-1") -> ObservedCluster {
  let engines = (1...count).map { index in
    ObservedEngine(
      name: "node\(index)", reachable: true, engineVersion: "26.1.5", localState: .active, nodeID: "id-\(index)",
      clusterID: index <= managers ? cluster : nil, controlAvailable: index <= managers)
  }
  let members = (1...count).map { index in
    SwarmMember(
      id: "id-\(index)", hostname: "node\(index)", role: index <= managers ? .manager : .worker,
      leader: index == 1, reachability: index <= managers ? "reachable" : nil)
  }
  return ObservedCluster(engines: engines, members: members, clusterID: cluster, managerName: "node1")
}
