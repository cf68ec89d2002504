import Foundation
import SkepTestSupport
import Testing

@testable import DockerEngine

@Suite struct ErrorMappingTests {
  @Test func daemonMessageIsKept() async throws {
    try await withStub { server, client in
      server.on("GET", "/v1.45/nodes/foo", .error(404, "node foo not found"))
      do {
        _ = try await client.node("foo")
        Issue.record("expected an error")
      } catch let error as DockerEngineError {
        guard case .http(let status, let message, let method, let path) = error else {
          Issue.record("wrong case \(error)")
          return
        }
        #expect(status == 404)
        #expect(message == "node foo not found")
        #expect(method == "GET")
        #expect(path == "/v1.45/nodes/foo")
        #expect(error.description == "Docker engine: HTTP 404 on GET /v1.45/nodes/foo: node foo not found")
      }
    }
  }

  @Test func plainTextErrorBodyIsKept() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/swarm/leave", .text("page not found\n", status: 500))
      await #expect {
        try await client.swarmLeave(force: false)
      } throws: { error in
        guard case DockerEngineError.http(500, "page not found", _, _) = error else { return false }
        return true
      }
    }
  }

  @Test func invalidJSONIsADecodingError() async throws {
    try await withStub { server, client in
      server.on("GET", "/v1.45/info", .json("{not json"))
      await #expect {
        try await client.info()
      } throws: { error in
        guard case DockerEngineError.decoding(let type, let path, _) = error else { return false }
        return type == "SystemInfo" && path == "/v1.45/info"
      }
    }
  }

  @Test func missingSocketIsATransportError() async throws {
    let path = "/tmp/skep-no-such-\(UUID()).sock"
    let client = DockerClient(endpoint: DockerEndpoint(transport: .unix(path: path)))
    let error = await #expect(throws: DockerEngineError.self) { try await client.ping() }
    guard case .transport(let endpoint, _) = error else {
      Issue.record("expected a transport error, got \(String(describing: error))")
      return
    }
    #expect(endpoint == "unix://" + path)
    #expect(
      error?.description
        == "cannot connect to Docker engine unix://\(path): No such file or directory (is dockerd running there?)")
  }

  @Test func refusedTCPIsATransportError() async throws {
    let port = try await StubDockerServer.closedLoopbackPort()
    let client = DockerClient(endpoint: try DockerEndpoint.parse("tcp://127.0.0.1:\(port)"))
    let error = await #expect(throws: DockerEngineError.self) { try await client.ping() }
    #expect(
      error?.description
        == "cannot connect to Docker engine tcp://127.0.0.1:\(port): Connection refused (is dockerd listening there?)")
  }

  @Test func connectionClosedMidResponseIsATransportError() async throws {
    try await withStub { server, client in
      server.on("GET", "/v1.45/info", .init(status: 200, abortAfterHead: true))
      await #expect {
        try await client.info()
      } throws: { error in
        guard case DockerEngineError.transport = error else { return false }
        return true
      }
    }
  }

  @Test func slowAnswerTimesOut() async throws {
    let server = try await StubDockerServer.start()
    let client = DockerClient(endpoint: server.endpoint, timeout: .milliseconds(300))
    server.on("GET", "/v1.45/info", .stream([Array("{".utf8), Array("}".utf8)], delay: .seconds(2)))
    await #expect {
      try await client.info()
    } throws: { error in
      guard case DockerEngineError.transport(_, let reason) = error else { return false }
      return reason.contains("no complete answer")
    }
    try await server.shutdown()
  }
}
