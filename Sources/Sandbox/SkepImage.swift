import DockerEngine
import Foundation
import Logging

/// Builds the skep image on a sandbox node from the local binary and pushes it to the sandbox registry, so every
/// node can run `REGISTRY/skep:TAG` (jobs, the agent).
public struct SkepImage: Sendable {
  /// What was built and pushed.
  public struct Result: Sendable, Equatable {
    /// `REGISTRY/skep:TAG`.
    public var reference: String
    /// The node that built it.
    public var node: String
    /// `sha256:…` of the image.
    public var imageID: String
    /// The registry's manifest digest, `sha256:…`.
    public var digest: String
  }

  public var directory: String
  public var runner: CommandRunner
  /// The `skep` executable to ship (normally the one running).
  public var binary: String
  /// The restic executable to ship.
  public var restic = "/usr/bin/restic"

  public init(directory: String, binary: String, logger: Logger) {
    self.directory = directory
    self.binary = binary
    self.runner = CommandRunner(logger: logger)
  }

  /// Assembles the context, builds it on `node` (default: the first node), tags it `REGISTRY/skep:TAG` and
  /// `REGISTRY/skep:latest`, pushes both.
  public func build(node name: String? = nil, tag: String = "dev") async throws -> Result {
    let target = try sandboxTarget(node: name)
    let serviceBinary = SkepImageContext.serviceBinary(besides: binary)
    for (path, what) in [
      (binary, "the skep binary"),
      (serviceBinary, "skep-control, the control service's binary (`swift build` builds it beside skep)"),
      (restic, "restic (apt-get install restic)"),
    ] where !FileManager.default.isExecutableFile(atPath: path) {
      throw SandboxError(.unsupportedHost, "\(what) is missing: no executable at \(path)")
    }
    // The union of both binaries' runtime libraries (skep-control's are a subset today).
    var libraries: [String] = []
    for program in [binary, serviceBinary] {
      let ldd = try await runner.run(["ldd", program])
      for library in SkepImageContext.swiftRuntimeLibraries(inLDDOutput: ldd.stdout) where !libraries.contains(library)
      {
        libraries.append(library)
      }
    }
    let context = SkepImageContext(
      binary: binary, serviceBinary: serviceBinary, libraries: libraries, restic: restic)
    runner.logger.info("skep image: \(context.libraries.count) Swift runtime libraries")
    // `latest` too, so `skep backup` finds REGISTRY/skep:latest by default.
    return try await buildAndPush(
      stage: context.stage(in:), repository: "\(target.registry)/skep", tags: [tag, "latest"], on: target.node)
  }

  /// Builds `REGISTRY/registry:2` from this machine's `docker-registry` (see `RegistryImageContext`) on `node` and
  /// pushes it, for `skep registry deploy --image` in the sandbox.
  public func buildRegistryImage(node name: String? = nil, binary: String = "/usr/bin/docker-registry") async throws
    -> Result
  {
    let target = try sandboxTarget(node: name)
    guard FileManager.default.isExecutableFile(atPath: binary) else {
      throw SandboxError(
        .unsupportedHost, "docker-registry is missing: no executable at \(binary) (apt-get install docker-registry)")
    }
    let context = RegistryImageContext(binary: binary)
    return try await buildAndPush(
      stage: context.stage(in:), repository: "\(target.registry)/\(RegistryImageContext.repository)",
      tags: [RegistryImageContext.tag], on: target.node)
  }

  /// The sandbox registry and the node that builds.
  private func sandboxTarget(node name: String?) throws -> (registry: String, node: SandboxState.Node) {
    guard let state = try StateFile(path: SandboxLayout(root: directory).stateFile).load() else {
      throw SandboxError(.notFound, "no sandbox in \(directory) (no state.json); run `skep sandbox up` first")
    }
    guard let registry = state.registry?.endpoint else {
      throw SandboxError(.notFound, "the sandbox in \(directory) has no registry")
    }
    guard let node = name.map({ name in state.nodes.first { $0.name == name } }) ?? state.nodes.first else {
      let names = state.nodes.map(\.name).joined(separator: ", ")
      throw SandboxError(.invalidInput, "the sandbox in \(directory) has no node \(name ?? "") (it has \(names))")
    }
    return (registry, node)
  }

  /// Stages a context with `stage`, builds it on `node` as `repository:tags[0]`, tags the rest, pushes them all.
  private func buildAndPush(
    stage: (String) throws -> Void, repository: String, tags: [String], on node: SandboxState.Node
  ) async throws -> Result {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("skep-image-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    try FileManager.default.createDirectory(atPath: scratch + "/context", withIntermediateDirectories: true)
    try stage(scratch + "/context")
    let tarball = scratch + "/context.tar"
    try await runner.run([
      "tar", "--numeric-owner", "--owner=0", "--group=0", "-C", scratch + "/context", "-cf", tarball, ".",
    ])

    let client = DockerClient(endpoint: DockerEndpoint(transport: .unix(path: node.socket)), timeout: .seconds(60))
    let tags = tags.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    let reference = "\(repository):\(tags[0])"
    runner.logger.info("building \(reference) on \(node.name)")
    var imageID: String?
    do {
      for try await message in client.build(context: .file(path: tarball), tag: [reference]) {
        if let id = message.aux?.id { imageID = id }
        if let line = message.stream?.trimmingCharacters(in: .whitespacesAndNewlines), line.hasPrefix("Step ") {
          runner.logger.info("\(node.name): \(line)")
        }
      }
    } catch {
      throw SandboxError(.commandFailed, "building \(reference) on \(node.name) failed", cause: ErrorDetail(error))
    }
    guard let imageID else {
      throw SandboxError(.commandFailed, "building \(reference) on \(node.name) reported no image ID")
    }
    var digest: String?
    for tag in tags {
      runner.logger.info("pushing \(repository):\(tag)")
      do {
        if tag != tags[0] { try await client.tagImage(reference, repository: repository, tag: tag) }
        for try await message in client.pushImage(repository, tag: tag) {
          if let pushed = message.aux?.digest, tag == tags[0] { digest = pushed }
        }
      } catch {
        throw SandboxError(
          .commandFailed, "pushing \(repository):\(tag) to the sandbox registry failed", cause: ErrorDetail(error))
      }
    }
    guard let digest else { throw SandboxError(.commandFailed, "pushing \(reference) reported no digest") }
    return Result(reference: reference, node: node.name, imageID: imageID, digest: digest)
  }
}
