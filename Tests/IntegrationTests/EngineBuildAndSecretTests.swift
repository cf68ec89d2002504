import DockerEngine
import Foundation
import Logging
import Sandbox
import SkepConfig
import SkepTestSupport
import Testing

/// The classic builder, image inspect, push and pull against real engines: build on one engine version, pull on the
/// other (the mixed sandbox runs 26.1 and 20.10).
@Suite(.enabled(if: SandboxFixture.isEnabled)) struct EngineBuildTests {
  static let engines = ["26.1", "20.10"]

  let sandbox: SandboxFixture

  init() throws {
    sandbox = try SandboxFixture.shared()
  }

  func node(running engine: String) throws -> (DockerClient, InventoryNode) {
    let node = try #require(
      try sandbox.inventory().nodes.first { $0.labels["skep.sandbox.engine"] == engine },
      "the sandbox must run a Docker \(engine) node (start it with --engine mixed)")
    return (try sandbox.client(node.name), node)
  }

  @Test(arguments: engines) func anImageBuiltHereRunsAndIsPulledByTheOtherEngine(engine: String) async throws {
    let (builder, _) = try node(running: engine)
    let (puller, _) = try node(running: try #require(Self.engines.first { $0 != engine }))
    let registry = try #require(try sandbox.inventory().registry)
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let repository = "\(registry)/skep-test/built"
    let reference = "\(repository):\(suffix)"
    let local = "skep-test/built-local:\(suffix)"

    try await withCleanup { cleanup in
      let context = try await BuildContext.make(
        dockerfile: """
          FROM debian:bookworm
          ARG RUN_ID
          RUN echo built > /built.txt
          LABEL skep.test=1 skep.test.run=$RUN_ID
          """)
      await cleanup.add { try? FileManager.default.removeItem(atPath: context.directory) }
      await cleanup.add {
        try? await builder.removeImage(local, force: true)
        try? await builder.removeImage(reference, force: true)
      }
      var output: [ProgressMessage] = []
      for try await message in builder.build(
        context: .file(path: context.tarball), tag: [local, reference], buildArgs: ["RUN_ID": String(suffix)],
        labels: ["skep.test.engine": engine])
      {
        output.append(message)
      }
      let imageID = try #require(output.compactMap(\.aux?.id).last, "build output: \(output)")
      #expect(imageID.hasPrefix("sha256:"))
      #expect(output.compactMap(\.stream).joined().contains("RUN echo built > /built.txt"))

      let built = try await builder.inspectImage(reference)
      #expect(built.id == imageID)
      #expect(Set(built.repoTags ?? []) == [local, reference])
      #expect(built.labels["skep.test"] == "1")
      #expect(built.labels["skep.test.run"] == String(suffix), "the build arg reached the Dockerfile")
      #expect(built.labels["skep.test.engine"] == engine, "the labels query parameter was applied")
      #expect(built.os == "linux")
      #expect(built.architecture?.isEmpty == false)

      let container = try await builder.createContainer(
        name: "skep-test-built-\(suffix)", config: ContainerCreateConfig(image: local, cmd: ["cat", "/built.txt"]))
      await cleanup.add { try? await builder.removeContainer(container, force: true) }
      try await builder.startContainer(container)
      #expect(try await builder.waitContainer(container) == 0)
      var text = ""
      for try await frame in builder.containerLogs(container) { text += frame.text }
      #expect(text == "built\n")

      var pushed: [ProgressMessage] = []
      for try await message in builder.pushImage(repository, tag: String(suffix)) { pushed.append(message) }
      let digest = try #require(pushed.compactMap(\.aux?.digest).last, "push output: \(pushed)")
      #expect(try await builder.inspectImage(reference).repoDigests?.contains("\(repository)@\(digest)") == true)

      await cleanup.add { try? await puller.removeImage(reference, force: true) }
      var pulled: [ProgressMessage] = []
      for try await message in puller.pullImage(repository, tag: String(suffix)) { pulled.append(message) }
      #expect(pulled.compactMap(\.status).contains { $0.contains(digest) }, "pull output: \(pulled)")
      let there = try await puller.inspectImage(reference)
      #expect(there.repoDigests?.contains("\(repository)@\(digest)") == true, "RepoDigests: \(there.repoDigests ?? [])")
      #expect(there.labels["skep.test.run"] == String(suffix))
    }
    #expect(try await !builder.images().contains { $0.repoTags?.contains(reference) == true })
    #expect(try await !puller.images().contains { $0.repoTags?.contains(reference) == true })
  }

  @Test(arguments: engines) func aFailingStepEndsTheBuildWithTheBuildersMessage(engine: String) async throws {
    let (builder, _) = try node(running: engine)
    let tag = "skep-test/failing:\(UUID().uuidString.prefix(8).lowercased())"
    // A step container's hostname is its short ID: the output (after the echoed step) names the failed container.
    let context = try await BuildContext.make(
      dockerfile: "FROM debian:bookworm\nRUN echo about-to-fail-in=$(hostname) && exit 3\n")
    defer { try? FileManager.default.removeItem(atPath: context.directory) }
    var lines: [String] = []
    let error = await #expect(throws: DockerEngineError.self) {
      for try await message in builder.build(context: .file(path: context.tarball), tag: [tag]) {
        lines.append(message.stream ?? "")
      }
    }
    guard case .http(_, let message, "POST", _) = error else {
      Issue.record("expected the builder's error, got \(String(describing: error))")
      return
    }
    #expect(message.contains("returned a non-zero code: 3"), "message: \(message)")
    #expect(try await !builder.images().contains { $0.repoTags?.contains(tag) == true })
    // forcerm=1: the failed step's container is gone.
    let output = lines.joined()
    let marker = try #require(output.range(of: "about-to-fail-in=", options: .backwards), "build output: \(output)")
    let stepContainer = String(output[marker.upperBound...].prefix { $0.isHexDigit })
    #expect(stepContainer.count == 12, "build output: \(output)")
    #expect(try await !builder.containers(all: true).contains { $0.id.hasPrefix(stepContainer) })
  }
}

/// A build context: a directory holding a Dockerfile, and its tarball made with the system `tar`.
struct BuildContext {
  var directory: String
  var tarball: String

  static func make(dockerfile: String) async throws -> BuildContext {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skep-ctx-\(UUID().uuidString)").path
    let files = directory + "/context"
    try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
    try dockerfile.write(toFile: files + "/Dockerfile", atomically: true, encoding: .utf8)
    let tarball = directory + "/context.tar"
    try await CommandRunner(logger: Logger(label: "skep.tests")).run(["tar", "-C", files, "-cf", tarball, "."])
    return BuildContext(directory: directory, tarball: tarball)
  }
}

/// Clean-up steps run last-in first-out when the body ends, also when it throws.
actor Cleanup {
  private var steps: [@Sendable () async -> Void] = []

  func add(_ step: @escaping @Sendable () async -> Void) {
    steps.append(step)
  }

  func run() async {
    while let step = steps.popLast() { await step() }
  }
}

/// Runs `body` with a `Cleanup` and always runs its steps afterwards.
func withCleanup<T>(_ body: (Cleanup) async throws -> T) async throws -> T {
  let cleanup = Cleanup()
  do {
    let result = try await body(cleanup)
    await cleanup.run()
    return result
  } catch {
    await cleanup.run()
    throw error
  }
}
