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

/// The skep image's context, without a sandbox.
@Suite struct SkepImageContextTests {
  @Test func onlyTheToolchainsSwiftRuntimeIsShipped() {
    let ldd = """
      \tlinux-vdso.so.1 (0x00007ffd)
      \tlibswiftCore.so => /opt/swift/usr/lib/swift/linux/libswiftCore.so (0x00007f4e)
      \tlibFoundation.so => /opt/swift/usr/lib/swift/linux/libFoundation.so (0x00007f4f)
      \tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f50)
      \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f51)
      \t/lib64/ld-linux-x86-64.so.2 (0x00007f52)
      \tlibswiftCore.so => /opt/swift/usr/lib/swift/linux/libswiftCore.so (0x00007f4e)
      \tlibmissing.so => not found
      """
    #expect(
      SkepImageContext.swiftRuntimeLibraries(inLDDOutput: ldd) == [
        "/opt/swift/usr/lib/swift/linux/libswiftCore.so", "/opt/swift/usr/lib/swift/linux/libFoundation.so",
      ])
  }

  @Test func theContextHoldsTheDockerfileBinariesAndResolvedLibraries() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("skep-ctx-test-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let source = root + "/source"
    try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
    try "binary".write(toFile: source + "/skep", atomically: true, encoding: .utf8)
    try "service".write(toFile: source + "/skep-control", atomically: true, encoding: .utf8)
    try "restic".write(toFile: source + "/restic", atomically: true, encoding: .utf8)
    try "core".write(toFile: source + "/libswiftCore.so.6.3", atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: source + "/libswiftCore.so", withDestinationPath: "libswiftCore.so.6.3")
    let context = SkepImageContext(
      binary: source + "/skep", serviceBinary: SkepImageContext.serviceBinary(besides: source + "/skep"),
      libraries: [source + "/libswiftCore.so"], restic: source + "/restic")
    try context.stage(in: root + "/context")
    let read = { (path: String) in try String(contentsOfFile: root + "/context/" + path, encoding: .utf8) }
    #expect(try read("skep") == "binary")
    #expect(try read("skep-control") == "service")
    #expect(try read("restic") == "restic")
    #expect(
      try read("lib/libswiftCore.so") == "core", "a symlinked library is shipped as a file, under the linked name")
    let attributes = try FileManager.default.attributesOfItem(atPath: root + "/context/lib/libswiftCore.so")
    #expect(attributes[.type] as? FileAttributeType == .typeRegular)
    let dockerfile = try read("Dockerfile")
    #expect(dockerfile.hasPrefix("FROM debian:bookworm\n"))
    #expect(dockerfile.contains("ENTRYPOINT [\"skep\"]"))
  }
}

extension SwarmFormationTests {
  /// `skep sandbox image` builds the image from the skep binary under test on one node; a job pulls it from the
  /// sandbox registry on a node of the other engine version and runs `skep --version` and `restic version` there.
  @Test func theSkepImageBuiltInTheSandboxRunsAsAJobOnTheOtherEngine() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let registry = try #require(try sandbox.inventory().registry)
    let builder = try #require(nodes.first { $0.labels["skep.sandbox.engine"] == "26.1" })
    let runOn = try #require(nodes.first { $0.labels["skep.sandbox.engine"] == "20.10" })
    let tag = "test-\(UUID().uuidString.prefix(8).lowercased())"
    let reference = "\(registry)/skep:\(tag)"
    let manager = try sandbox.client(nodes[0].name)

    let builderClient = try sandbox.client(builder.name)
    let runnerClient = try sandbox.client(runOn.name)

    try await withCleanup { cleanup in
      await cleanup.add {
        try? await builderClient.removeImage(reference, force: true)
        try? await runnerClient.removeImage(reference, force: true)
      }
      let built = try await sandbox.skep([
        "sandbox", "image", "--dir", sandbox.directory, "--node", builder.name, "--tag", tag,
      ])
      #expect(built.status == 0, "sandbox image failed: \(built.stderr)")
      #expect(
        built.stdout.contains("\(reference) pushed (built on \(builder.name), sha256:"), "stdout: \(built.stdout)")
      let image = try await builderClient.inspectImage(reference)
      #expect(image.repoDigests?.contains { $0.hasPrefix("\(registry)/skep@sha256:") } == true)

      let version = try await sandbox.skep(["--version"])
      let spec = ServiceSpec(
        name: "skep-test-image-\(tag)",
        taskTemplate: TaskTemplate(
          containerSpec: ContainerSpec(image: reference, command: ["sh", "-c", "skep --version && restic version"]),
          restartPolicy: TaskTemplate.RestartPolicy(condition: "none"),
          placement: TaskTemplate.Placement(constraints: ["node.hostname==\(runOn.name)"])),
        mode: .replicatedJob(maxConcurrent: 1, totalCompletions: 1))
      let service = try await manager.createService(spec)
      await cleanup.add { try? await manager.removeService(service) }
      let job = try await sandbox.waitForJob(service, on: manager)
      #expect(job.completed, "job tasks: \(job.taskStates)")
      #expect(
        job.logs.contains(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "job logs: \(job.logs)")
      #expect(job.logs.contains("restic 0."), "job logs: \(job.logs)")
    }
  }
}
