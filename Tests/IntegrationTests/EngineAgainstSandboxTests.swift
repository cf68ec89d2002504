import DockerEngine
import Foundation
import SkepConfig
import SkepTestSupport
import Testing

/// The client against real engines: one node per engine version of the mixed sandbox (26.1 and 20.10).
@Suite(.enabled(if: SandboxFixture.isEnabled)) struct EngineAgainstSandboxTests {
  /// The sandbox's engine versions, and the API each must negotiate.
  static let engines: [(engine: String, api: String)] = [("26.1", "1.45"), ("20.10", "1.41")]

  func node(running engine: String) throws -> (DockerClient, InventoryNode) {
    let sandbox = try SandboxFixture.shared()
    let node = try #require(
      try sandbox.inventory().nodes.first { $0.labels["skep.sandbox.engine"] == engine },
      "the sandbox must run a Docker \(engine) node (start it with --engine mixed)")
    return (try sandbox.client(node.name), node)
  }

  @Test(arguments: engines) func negotiatesEachEnginesAPIVersion(engine: String, api: String) async throws {
    let (client, _) = try node(running: engine)
    #expect(try await client.negotiatedVersion().description == api)
    let version = try await client.version()
    #expect(version.version?.hasPrefix(engine) == true)
  }

  @Test(arguments: engines) func containerOutputIsDemultiplexedInOrder(engine: String, api: String) async throws {
    let (client, _) = try node(running: engine)
    let script = "echo out1; sleep 0.3; echo err1 >&2; sleep 0.3; echo out2; sleep 0.3; echo err2 >&2"
    let id = try await client.createContainer(
      name: "skep-test-demux-\(UUID().uuidString.prefix(8).lowercased())",
      config: ContainerCreateConfig(image: "debian:bookworm", cmd: ["sh", "-c", script]))
    try await client.startContainer(id)
    #expect(try await client.waitContainer(id) == 0)
    var frames: [LogFrame] = []
    for try await frame in client.containerLogs(id) { frames.append(frame) }
    try await client.removeContainer(id, force: true)
    #expect(frames.map(\.stream) == [.stdout, .stderr, .stdout, .stderr])
    #expect(frames.map(\.text) == ["out1\n", "err1\n", "out2\n", "err2\n"])
  }

  @Test(arguments: engines) func execReturnsOutputAndExitCode(engine: String, api: String) async throws {
    let (client, _) = try node(running: engine)
    let id = try await client.createContainer(
      name: "skep-test-exec-\(UUID().uuidString.prefix(8).lowercased())",
      config: ContainerCreateConfig(image: "debian:bookworm", cmd: ["sleep", "60"]))
    try await client.startContainer(id)
    let result = try await client.exec(id, command: ["sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"])
    try await client.pauseContainer(id)
    #expect(try await client.inspectContainer(id).state?.paused == true)
    try await client.unpauseContainer(id)
    try await client.removeContainer(id, force: true)
    #expect(result.exitCode == 3)
    #expect(result.stdout == "to-stdout\n")
    #expect(result.stderr == "to-stderr\n")
  }

  @Test(arguments: engines) func aDaemonErrorCarriesTheDaemonsOwnMessage(engine: String, api: String) async throws {
    let (client, _) = try node(running: engine)
    let missing = "skep-no-such-volume-\(UUID().uuidString.prefix(8).lowercased())"
    let error = await #expect(throws: DockerEngineError.self) { try await client.volume(missing) }
    guard case .http(let status, let message, _, _) = error else {
      Issue.record("expected an HTTP error, got \(String(describing: error))")
      return
    }
    #expect(status == 404)
    // 26.1 says "volume NAME not found", 20.10 "get NAME: no such volume": the daemon's words, passed through.
    #expect(message.contains(missing))
    #expect(message.contains("not found") || message.contains("no such volume"), "message: \(message)")
    #expect(error.map { "\($0)" }?.contains(message) == true)
  }

  @Test(arguments: engines) func volumesAndImagesRoundTrip(engine: String, api: String) async throws {
    let (client, _) = try node(running: engine)
    let name = "skep-test-vol-\(UUID().uuidString.prefix(8).lowercased())"
    let created = try await client.createVolume(VolumeCreateRequest(name: name, labels: ["skep.test": "1"]))
    #expect(created.name == name)
    #expect(try await client.volumes().contains { $0.name == name })
    try await client.removeVolume(name)
    #expect(try await !client.volumes().contains { $0.name == name })
    let images = try await client.images()
    #expect(images.contains { $0.repoTags?.contains("debian:bookworm") == true })
  }
}
