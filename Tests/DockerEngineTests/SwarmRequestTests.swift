import SkepTestSupport
import Testing

@testable import DockerEngine

@Suite struct SwarmRequestTests {
  @Test func everyRequestCarriesHostHeader() async throws {
    try await withStub { server, client in
      try await client.ping()
      server.on("GET", "/v1.45/info", .json("{}"))
      _ = try await client.info()
      #expect(server.requests.count == 3)
      for request in server.requests {
        #expect(request.header("Host") == "docker")
      }
    }
  }

  @Test func swarmJoinBody() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/swarm/join", .empty(status: 200))
      try await client.swarmJoin(
        SwarmJoinRequest(
          listenAddr: "0.0.0.0:2377", advertiseAddr: "10.0.0.2", remoteAddrs: ["10.0.0.1:2377"],
          joinToken: "SWMTKN-1-secret"))
      let request = try #require(server.requests(to: "/v1.45/swarm/join").first)
      #expect(request.method == "POST")
      #expect(request.header("Content-Type") == "application/json")
      #expect(
        request.bodyText
          == #"{"AdvertiseAddr":"10.0.0.2","JoinToken":"SWMTKN-1-secret","ListenAddr":"0.0.0.0:2377","RemoteAddrs":["10.0.0.1:2377"]}"#
      )
    }
  }

  @Test func swarmInitReturnsNodeID() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/swarm/init", .json(#""7v2t30z9blmxuhnyo6s4cpenp""#))
      let id = try await client.swarmInit(SwarmInitRequest(advertiseAddr: "10.0.0.1"))
      #expect(id == "7v2t30z9blmxuhnyo6s4cpenp")
      let body = try #require(server.requests(to: "/v1.45/swarm/init").first?.jsonObject)
      #expect(body["ListenAddr"] as? String == "0.0.0.0:2377")
      #expect(body["AdvertiseAddr"] as? String == "10.0.0.1")
    }
  }

  @Test func swarmLeaveAndInspect() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/swarm/leave", .empty(status: 200))
      server.on(
        "GET", "/v1.45/swarm",
        .json(
          #"{"ID":"abc","Version":{"Index":42},"JoinTokens":{"Worker":"SWMTKN-w","Manager":"SWMTKN-m"},"Spec":{"Name":"default"},"Extra":true}"#
        ))
      try await client.swarmLeave(force: true)
      #expect(server.requests(to: "/v1.45/swarm/leave").first?.query["force"] == "true")
      let swarm = try await client.swarmInspect()
      #expect(swarm.id == "abc")
      #expect(swarm.version.index == 42)
      #expect(swarm.joinTokens.manager == "SWMTKN-m")
      #expect(swarm.spec?.name == "default")
    }
  }

  @Test func infoDecodesSwarmState() async throws {
    try await withStub { server, client in
      server.on(
        "GET", "/v1.45/info",
        .json(
          #"{"ID":"X","Name":"node1","ServerVersion":"20.10.24","Swarm":{"NodeID":"n1","NodeAddr":"10.0.0.1","LocalNodeState":"active","ControlAvailable":true,"Error":"","RemoteManagers":[{"NodeID":"n1","Addr":"10.0.0.1:2377"}],"Nodes":3,"Managers":1,"Cluster":{"ID":"c1"}}}"#
        ))
      let info = try await client.info()
      #expect(info.swarm?.localNodeState == .active)
      #expect(info.swarm?.controlAvailable == true)
      #expect(info.swarm?.remoteManagers?.first?.addr == "10.0.0.1:2377")
      #expect(info.swarm?.cluster?.id == "c1")
      #expect(info.swarm?.nodes == 3)
    }
  }

  @Test func nodeListFilterAndUpdate() async throws {
    try await withStub { server, client in
      server.on(
        "GET", "/v1.45/nodes",
        .json(
          #"[{"ID":"n1","Version":{"Index":7},"Spec":{"Role":"manager","Availability":"active","Labels":{}},"Description":{"Hostname":"node1","Engine":{"EngineVersion":"20.10.24"}},"Status":{"State":"ready","Addr":"10.0.0.1"},"ManagerStatus":{"Leader":true,"Reachability":"reachable","Addr":"10.0.0.1:2377"}}]"#
        ))
      server.on("POST", "/v1.45/nodes/n1/update", .empty(status: 200))
      server.on("DELETE", "/v1.45/nodes/n2", .empty(status: 200))
      let nodes = try await client.nodes(filters: ["role": ["manager"]])
      #expect(nodes.count == 1)
      #expect(nodes.first?.managerStatus?.leader == true)
      #expect(nodes.first?.status.state == .ready)
      #expect(nodes.first?.description?.hostname == "node1")
      #expect(server.requests(to: "/v1.45/nodes").first?.query["filters"] == #"{"role":["manager"]}"#)

      try await client.updateNode(
        "n1", version: 7, spec: NodeSpec(labels: ["skep.db": "yes"], role: .worker, availability: .drain))
      let update = try #require(server.requests(to: "/v1.45/nodes/n1/update").first)
      #expect(update.query["version"] == "7")
      #expect(update.bodyText == #"{"Availability":"drain","Labels":{"skep.db":"yes"},"Role":"worker"}"#)

      try await client.removeNode("n2", force: true)
      #expect(server.requests(to: "/v1.45/nodes/n2").first?.method == "DELETE")
      #expect(server.requests(to: "/v1.45/nodes/n2").first?.query["force"] == "true")
    }
  }
}
