import DockerEngine
import Foundation
import Logging

/// What `RegistryService.deploy` did.
public enum RegistryDeployAction: String, Sendable, Codable {
  case created, updated, unchanged
}

/// A failure deploying or maintaining skep's registry service, with the user's sentence.
public struct RegistryServiceError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// What one garbage collection freed.
public struct RegistryCollection: Sendable, Codable, Hashable {
  /// The node the registry runs on.
  public var node: String
  /// Bytes in the storage directory before and after.
  public var bytesBefore: Int64
  public var bytesAfter: Int64
  /// Blobs the collection reported deleting (its "blob eligible for deletion" lines).
  public var blobsDeleted: Int

  public var reclaimedBytes: Int64 { max(0, bytesBefore - bytesAfter) }
}

/// Runs skep's registry as a swarm service through a manager, and its garbage collection through the engine of the
/// node it runs on.
public struct RegistryService: Sendable {
  public var manager: DockerClient
  public var logger: Logger
  /// How long a new task may take to run and answer (it may pull its image first).
  public var readyTimeout: Duration

  public init(manager: DockerClient, logger: Logger, readyTimeout: Duration = .seconds(180)) {
    self.manager = manager
    self.logger = logger
    self.readyTimeout = readyTimeout
  }

  /// skep's registry service, if there is one.
  public func current() async throws -> (service: Service, deployment: RegistryDeployment?)? {
    let services = try await manager.services(filters: ["name": [RegistryDeployment.serviceName]])
    guard let service = services.first(where: { $0.spec.name == RegistryDeployment.serviceName }) else { return nil }
    return (service, RegistryDeployment(service: service.spec))
  }

  /// The service whose address label is `endpoint`: the registry skep runs at that address.
  public func serving(_ endpoint: String) async throws -> (service: Service, deployment: RegistryDeployment)? {
    let services = try await manager.services(filters: ["label": ["\(RegistryDeployment.addressLabel)=\(endpoint)"]])
    for service in services {
      if let deployment = RegistryDeployment(service: service.spec) { return (service, deployment) }
    }
    return nil
  }

  /// Creates the service, or updates it when its image or port differ; waits until its task runs and the registry
  /// answers. Refuses to move it to another node, where its volume (and so every image) is not.
  public func deploy(_ wanted: RegistryDeployment) async throws -> RegistryDeployAction {
    let action: RegistryDeployAction
    if let (service, existing) = try await current() {
      guard let existing else {
        throw RegistryServiceError(
          "a service named \(RegistryDeployment.serviceName) exists but was not made by skep registry deploy "
            + "(no \(RegistryDeployment.addressLabel) label); remove it or rename it first")
      }
      guard existing.node == wanted.node else {
        throw RegistryServiceError(
          "the registry runs on \(existing.node), its images are in the volume \(RegistryDeployment.volumeName) "
            + "there; deploying it on \(wanted.node) would start it empty. Keep --node \(existing.node), or remove "
            + "the service \(RegistryDeployment.serviceName) first (the volume stays on \(existing.node))")
      }
      var comparable = existing
      comparable.image = RegistryDeployment.unpinned(existing.image)
      if comparable == wanted {
        action = .unchanged
      } else {
        let before = try await runningTaskIDs()
        try await manager.updateService(service.id, version: service.version.index, spec: wanted.spec)
        try await waitUntilReady(wanted, replacing: before)
        action = .updated
      }
    } else {
      _ = try await manager.createService(wanted.spec)
      try await waitUntilReady(wanted, replacing: [])
      action = .created
    }
    return action
  }

  /// Runs the registry's garbage collection: read-only mode (pulls keep working, pushes wait), `registry
  /// garbage-collect` in the running container, then writable again — the restart also drops the registry's
  /// in-memory blob cache, which would otherwise still claim the deleted blobs exist. Writable again even when the
  /// collection fails.
  public func collectGarbage(on node: DockerClient) async throws -> RegistryCollection {
    guard let (service, deployment) = try await current(), var deployment else {
      throw RegistryServiceError("there is no \(RegistryDeployment.serviceName) service to collect garbage in")
    }
    deployment.image = RegistryDeployment.unpinned(deployment.image)
    logger.info("registry \(deployment.endpoint): read-only for the garbage collection")
    var readOnly = deployment
    readOnly.readOnly = true
    let before = try await runningTaskIDs()
    try await manager.updateService(service.id, version: service.version.index, spec: readOnly.spec)
    let collected: Result<RegistryCollection, any Error>
    do {
      let task = try await waitUntilReady(readOnly, replacing: before)
      collected = .success(try await collect(in: task, node: node, name: deployment.node))
    } catch {
      collected = .failure(error)
    }
    var writable = deployment
    writable.readOnly = false
    guard let (after, _) = try await current() else {
      throw RegistryServiceError("the \(RegistryDeployment.serviceName) service vanished during the collection")
    }
    let readOnlyTasks = try await runningTaskIDs()
    try await manager.updateService(after.id, version: after.version.index, spec: writable.spec)
    try await waitUntilReady(writable, replacing: readOnlyTasks)
    logger.info("registry \(deployment.endpoint): writable again")
    return try collected.get()
  }

  private func collect(in task: SwarmTask, node: DockerClient, name: String) async throws -> RegistryCollection {
    guard let container = task.status.containerStatus?.containerID else {
      throw RegistryServiceError("the registry's task \(task.id) on \(name) has no container")
    }
    let bytesBefore = try await storageBytes(container, node: node, name: name)
    let result = try await node.exec(
      container, command: [RegistryDeployment.program, "garbage-collect", RegistryDeployment.configPath])
    guard result.exitCode == 0 else {
      let tail = (result.stderr + result.stdout).split(separator: "\n").suffix(5).joined(separator: "\n  ")
      throw RegistryServiceError("the registry's garbage collection on \(name) exited \(result.exitCode):\n  \(tail)")
    }
    let blobs = (result.stdout + result.stderr).split(separator: "\n").filter {
      $0.contains("blob eligible for deletion")
    }.count
    let bytesAfter = try await storageBytes(container, node: node, name: name)
    return RegistryCollection(node: name, bytesBefore: bytesBefore, bytesAfter: bytesAfter, blobsDeleted: blobs)
  }

  /// `du -sk` of the storage directory, in bytes.
  private func storageBytes(_ container: String, node: DockerClient, name: String) async throws -> Int64 {
    let result = try await node.exec(container, command: ["du", "-sk", RegistryDeployment.storagePath])
    guard result.exitCode == 0,
      let kib = result.stdout.split(whereSeparator: \.isWhitespace).first.flatMap({
        Int64($0)
      })
    else {
      throw RegistryServiceError(
        "cannot measure \(RegistryDeployment.storagePath) in the registry on \(name): \(result.stderr)")
    }
    return kib * 1024
  }

  private func runningTaskIDs() async throws -> Set<String> {
    let tasks = try await manager.tasks(filters: ["service": [RegistryDeployment.serviceName]])
    return Set(tasks.filter { $0.status.state == "running" }.map(\.id))
  }

  /// Waits for a running task that is not one of `previous` and for the registry to answer at its address; a task
  /// that fails (port taken, image missing) ends the wait with its error.
  @discardableResult
  private func waitUntilReady(_ deployment: RegistryDeployment, replacing previous: Set<String>) async throws
    -> SwarmTask
  {
    let clock = ContinuousClock()
    let deadline = clock.now + readyTimeout
    var lastProblem = "no task yet"
    while clock.now < deadline {
      let tasks = try await manager.tasks(filters: ["service": [RegistryDeployment.serviceName]])
      let fresh = tasks.filter { !previous.contains($0.id) && $0.desiredState == "running" }
      if let task = fresh.first(where: { $0.status.state == "running" }) {
        if await answers(deployment.endpoint) { return task }
        lastProblem = "task \(task.id) runs but \(deployment.endpoint) does not answer yet"
      } else if let failed = tasks.first(where: {
        !previous.contains($0.id) && ["failed", "rejected"].contains($0.status.state)
      }) {
        lastProblem = "task \(failed.id) \(failed.status.state): \(failed.status.err ?? failed.status.message ?? "")"
      } else if let pending = fresh.first {
        lastProblem = "task \(pending.id) is \(pending.status.state)"
      }
      try await Task.sleep(for: .milliseconds(500))
    }
    throw RegistryServiceError(
      "the registry did not come up on \(deployment.node) at \(deployment.endpoint) within \(readyTimeout): "
        + lastProblem)
  }

  private func answers(_ endpoint: String) async -> Bool {
    guard let client = try? RegistryClient(address: endpoint, logger: logger) else { return false }
    return (try? await client.catalog()) != nil
  }
}
