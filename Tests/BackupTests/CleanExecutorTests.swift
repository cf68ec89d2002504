import Backup
import DockerEngine
import Foundation
import SkepTestSupport
import Testing

/// The executor against a stub engine: what it sends, and that a dry run sends no DELETE at all.
@Suite struct CleanExecutorTests {
  let actions = [
    CleanAction(node: "n1", kind: .volume, name: "v1", id: "v1", decision: .remove, reason: "snapshot s newer"),
    CleanAction(node: "n1", kind: .container, name: "c1", id: "c1", decision: .remove, reason: "stopped"),
    CleanAction(node: "n1", kind: .image, name: "aaa", id: "sha256:aaa", decision: .remove, reason: "dangling"),
    CleanAction(node: "n1", kind: .volume, name: "v2", id: "v2", decision: .keep, reason: "no snapshot"),
    CleanAction(node: "swarm", kind: .job, name: "j1", id: "j1", decision: .remove, reason: "every task ended"),
  ]

  func withEngine(_ body: (StubDockerServer, CleanExecutor) async throws -> Void) async throws {
    let server = try await StubDockerServer.start()
    let client = DockerClient(endpoint: server.endpoint)
    do {
      try await body(server, CleanExecutor(clients: ["n1": client, "swarm": client]))
    } catch {
      try await server.shutdown()
      throw error
    }
    try await server.shutdown()
  }

  @Test func removesContainersFirstWithoutTheirVolumesThenImagesVolumesAndJobs() async throws {
    try await withEngine { server, executor in
      for path in ["/containers/c1", "/images/sha256:aaa", "/volumes/v1", "/services/j1"] {
        server.on("DELETE", "/v1.45" + path, StubDockerServer.Response(status: 204))
      }
      let outcomes = await executor.run(actions, dryRun: false)
      let deletes = server.requests.filter { $0.method == "DELETE" }
      #expect(
        deletes.map(\.path) == [
          "/v1.45/containers/c1", "/v1.45/images/sha256:aaa", "/v1.45/volumes/v1", "/v1.45/services/j1",
        ])
      #expect(deletes.first?.query["v"] == "false")
      #expect(deletes.first?.query["force"] == "false")
      #expect(deletes.dropFirst().first?.query["force"] == "false")
      #expect(outcomes.map(\.status) == [.removed, .removed, .removed, .kept, .removed])
      #expect(outcomes.first { $0.name == "v2" }?.reason == "no snapshot")
    }
  }

  @Test func aDryRunSendsNoDelete() async throws {
    try await withEngine { server, executor in
      let outcomes = await executor.run(actions, dryRun: true)
      #expect(server.requests.filter { $0.method == "DELETE" }.isEmpty)
      #expect(outcomes.filter { $0.status == .wouldRemove }.count == 4)
      #expect(outcomes.filter { $0.status == .kept }.map(\.name) == ["v2"])
    }
  }

  @Test func inUseNowIsKeptAndOtherErrorsFail() async throws {
    try await withEngine { server, executor in
      server.on("DELETE", "/v1.45/volumes/v1", .error(409, "remove v1: volume is in use - [abc]"))
      server.on("DELETE", "/v1.45/containers/c1", .error(500, "driver failed"))
      server.on("DELETE", "/v1.45/images/sha256:aaa", StubDockerServer.Response(status: 204))
      server.on("DELETE", "/v1.45/services/j1", StubDockerServer.Response(status: 204))
      let outcomes = await executor.run(actions, dryRun: false)
      let volume = outcomes.first { $0.name == "v1" }
      #expect(volume?.status == .kept)
      #expect(volume?.reason.contains("volume is in use") == true)
      let container = outcomes.first { $0.name == "c1" }
      #expect(container?.status == .failed)
      #expect(container?.reason.contains("driver failed") == true)
    }
  }
}
