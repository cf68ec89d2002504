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
    for (path, what) in [(binary, "the skep binary"), (restic, "restic (apt-get install restic)")]
    where !FileManager.default.isExecutableFile(atPath: path) {
      throw SandboxError(.unsupportedHost, "\(what) is missing: no executable at \(path)")
    }
    let ldd = try await runner.run(["ldd", binary])
    let context = SkepImageContext(
      binary: binary, libraries: SkepImageContext.swiftRuntimeLibraries(inLDDOutput: ldd.stdout), restic: restic)

    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("skep-image-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    try context.stage(in: scratch + "/context")
    let tarball = scratch + "/context.tar"
    try await runner.run([
      "tar", "--numeric-owner", "--owner=0", "--group=0", "-C", scratch + "/context", "-cf", tarball, ".",
    ])

    let client = DockerClient(endpoint: DockerEndpoint(transport: .unix(path: node.socket)), timeout: .seconds(60))
    let repository = "\(registry)/skep"
    let reference = "\(repository):\(tag)"
    runner.logger.info("building \(reference) on \(node.name) (\(context.libraries.count) Swift runtime libraries)")
    var imageID: String?
    do {
      for try await message in client.build(
        context: .file(path: tarball), tag: [reference])
      {
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
    runner.logger.info("pushing \(reference)")
    var digest: String?
    do {
      for try await message in client.pushImage(repository, tag: tag) {
        if let pushed = message.aux?.digest { digest = pushed }
      }
    } catch {
      throw SandboxError(
        .commandFailed, "pushing \(reference) to the sandbox registry failed", cause: ErrorDetail(error))
    }
    guard let digest else { throw SandboxError(.commandFailed, "pushing \(reference) reported no digest") }
    if tag != "latest" {
      // `latest` too, so `skep backup` finds REGISTRY/skep:latest by default.
      do {
        try await client.tagImage(reference, repository: repository, tag: "latest")
        for try await _ in client.pushImage(repository, tag: "latest") {}
      } catch {
        throw SandboxError(
          .commandFailed, "pushing \(repository):latest to the sandbox registry failed", cause: ErrorDetail(error))
      }
    }
    return Result(reference: reference, node: node.name, imageID: imageID, digest: digest)
  }
}
