import DockerEngine
import Foundation
import ImageBuild

/// One image on one node: bring its in-folder parents to the node, compute its build key, skip it when the registry
/// already holds that build, else build it (classic builder over its context), tag and push it.
struct NodeBuildStep: Sendable {
  /// How the step ended.
  enum Result: Sendable {
    case built(digest: String?, tags: [String], key: String)
    case unchanged(digest: String, tags: [String], key: String)
    case failed(reason: String)
    /// The node's engine stopped answering (transport error): the image goes to another node.
    case nodeLost(reason: String)
  }

  var image: BuildImage
  var node: String
  var platform: Platform
  var client: DockerClient
  var options: BuildRunOptions
  /// In-folder parents built on this node in this run (nothing to pull).
  var parentsHere: Set<String>
  /// The digest of each in-folder parent (built this run, or as last built).
  var parentDigests: [String: String]
  var previous: BuildStateFile.ImageRecord?
  var progress: @Sendable (BuildProgress) -> Void

  var repository: String { options.repository(of: image.name) }
  var logPath: String { options.logsDirectory.appendingPathComponent("\(image.name).log").path }

  func run() async -> Result {
    do {
      return try await runSteps()
    } catch let error as DockerEngineError {
      if case .transport = error { return .nodeLost(reason: "\(error)") }
      return .failed(reason: Self.reason(error))
    } catch {
      return .failed(reason: "\(error)")
    }
  }

  func runSteps() async throws -> Result {
    var digests: [String: String] = [:]
    for parent in image.parentNames {
      let reference = options.repository(of: parent)
      if !parentsHere.contains(parent), options.push {
        for try await _ in client.pullImage(reference, tag: "latest") {}
      }
      // `FROM parent` written without the registry finds the same image.
      try await client.tagImage("\(reference):latest", repository: parent, tag: "latest")
      // A parent not built in this run (`--only`) and unknown to the state file: the registry's digest.
      if let known = parentDigests[parent] {
        digests[parent] = known
      } else if options.push, let descriptor = try await client.distributionDescriptor("\(reference):latest") {
        digests[parent] = descriptor.digest
      } else {
        digests[parent] = (try? await client.inspectImage("\(reference):latest"))?.id ?? "\(reference):latest"
      }
    }
    for reference in image.externalReferences {
      let inspected = try? await client.inspectImage(reference.normalized)
      digests[reference.normalized] = inspected?.repoDigests?.first ?? reference.normalized
    }
    let key = try BuildKey.compute(
      image: image, directory: options.directory, buildArgs: options.buildArgs, platform: platform,
      parentDigests: digests)
    if let unchanged = try await unchanged(key: key) { return unchanged }
    return try await build(key: key)
  }

  /// The registry's `latest` is the build of this very key: nothing to do.
  func unchanged(key: String) async throws -> Result? {
    guard let previous, previous.lastKey == key, let digest = previous.lastDigest, options.push else { return nil }
    guard let current = try await client.distributionDescriptor("\(repository):latest"), current.digest == digest
    else { return nil }
    return .unchanged(digest: digest, tags: ["latest"] + (previous.lastTag.map { [$0] } ?? []), key: key)
  }

  func build(key: String) async throws -> Result {
    let existing = (options.existingTags[image.name] ?? []) + (previous?.lastTag.map { [$0] } ?? [])
    let tag = try options.dateTag.tag(for: options.now, existing: existing)
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("skep-build-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let archive = scratch.appendingPathComponent("context.tar").path
    try ContextArchive.write(folder: options.directory.appendingPathComponent(image.folder), to: archive)

    try FileManager.default.createDirectory(at: options.logsDirectory, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: logPath, contents: nil)
    let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
    defer { try? log.close() }
    let declared = Set(image.dockerfile.declaredArgNames)
    let start = Date()
    do {
      let stream = client.build(
        context: .file(path: archive), tag: ["\(repository):latest", "\(repository):\(tag)", "\(image.name):latest"],
        buildArgs: options.buildArgs.filter { declared.contains($0.key) }, labels: ["skep.build.key": key])
      for try await message in stream {
        guard let text = message.stream, !text.isEmpty else { continue }
        log.write(Data(text.utf8))
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("Step ") {
          progress(.step(image: image.name, node: node, text: String(line), elapsed: Date().timeIntervalSince(start)))
        }
      }
    } catch let error as DockerEngineError {
      log.write(Data("\n\(error)\n".utf8))
      if case .transport = error { throw error }
      return .failed(reason: Self.reason(error))
    }
    guard options.push else { return .built(digest: nil, tags: ["latest", tag], key: key) }
    var digest: String?
    for pushed in [tag, "latest"] {
      for try await message in client.pushImage(repository, tag: pushed) {
        if let found = message.aux?.digest { digest = found }
      }
    }
    return .built(digest: digest, tags: ["latest", tag], key: key)
  }

  /// The daemon's message, for people (the builder's own words on a failing step).
  static func reason(_ error: DockerEngineError) -> String {
    if case .http(_, let message, _, _) = error { return message }
    return "\(error)"
  }
}
