import SkepTestSupport
import Testing

@testable import DockerEngine

@Suite struct NetworkRequestTests {
  @Test func createListRemove() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/networks/create", .json(#"{"Id":"net1","Warning":""}"#, status: 201))
      server.on(
        "GET", "/v1.45/networks",
        .json(
          #"[{"Name":"skep","Id":"net1","Created":"2024-05-01T10:00:00Z","Scope":"swarm","Driver":"overlay","Attachable":true,"Labels":{"skep.kind":"agent"},"Options":{}}]"#
        ))
      server.on("DELETE", "/v1.45/networks/skep", .empty())

      let id = try await client.createNetwork(name: "skep", attachable: true, labels: ["skep.kind": "agent"])
      #expect(id == "net1")
      let create = try #require(server.requests(to: "/v1.45/networks/create").first)
      #expect(create.method == "POST")
      #expect(create.header("Content-Type") == "application/json")
      #expect(
        create.bodyText == #"{"Attachable":true,"Driver":"overlay","Labels":{"skep.kind":"agent"},"Name":"skep"}"#)

      _ = try await client.createNetwork(name: "local", driver: "bridge")
      #expect(server.requests.last?.bodyText == #"{"Attachable":false,"Driver":"bridge","Name":"local"}"#)

      let list = try await client.networks(filters: ["driver": ["overlay"]])
      #expect(list.count == 1)
      #expect(list.first?.id == "net1")
      #expect(list.first?.scope == "swarm")
      #expect(list.first?.attachable == true)
      #expect(list.first?.labels?["skep.kind"] == "agent")
      #expect(server.requests(to: "/v1.45/networks").first?.query["filters"] == #"{"driver":["overlay"]}"#)

      try await client.removeNetwork("skep")
      #expect(server.requests(to: "/v1.45/networks/skep").map(\.method) == ["DELETE"])
    }
  }

  @Test func removingANetworkInUseCarriesTheDaemonsMessage() async throws {
    try await withStub { server, client in
      server.on(
        "DELETE", "/v1.45/networks/skep", .error(403, "error while removing network: network skep has active endpoints")
      )
      await #expect {
        try await client.removeNetwork("skep")
      } throws: { error in
        guard case DockerEngineError.http(403, let message, "DELETE", _) = error else { return false }
        return message.contains("active endpoints")
      }
    }
  }
}
