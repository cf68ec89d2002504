import Backup
import Cluster
import DockerEngine
import Foundation

/// The engines `skep clean` works through and how it reads the repository.
struct CleanSession {
  var global: GlobalOptions
  var nodes: [String]
  var engines: NodeEngines
  /// Engines by node name, plus a manager as `CleanPlan.swarmNode` when one answers.
  var clients: [String: DockerClient]

  /// Loads the inventory; `nodes` (empty: all) must be inventory nodes.
  static func load(global: GlobalOptions, nodes: [String]) async throws -> CleanSession {
    let inventory = try global.loadInventory()
    let names = inventory.nodes.map(\.name)
    if let unknown = nodes.first(where: { !names.contains($0) }) {
      throw CommandFailure(
        "no node \(unknown) in \(inventory.file) (nodes: \(names.joined(separator: ", ")))", exitCode: .invalidInput)
    }
    let engines = try NodeEngines(inventory: inventory)
    var clients: [String: DockerClient] = [:]
    for name in nodes.isEmpty ? names : nodes { clients[name] = try engines.client(name) }
    if let manager = try? await engines.firstManager() { clients[CleanPlan.swarmNode] = manager.client }
    return CleanSession(global: global, nodes: nodes.isEmpty ? names : nodes, engines: engines, clients: clients)
  }

  /// The repository's `kind=files` snapshots, or why they cannot be read (then nothing is protected).
  func snapshots(image flag: String?) async -> CleanSnapshots {
    do {
      let context = try await BackupContext.load(global: global)
      let image = try context.image(flag)
      guard let secretID = try await context.passwordSecretID() else {
        return .unreadable("no secret \(SwarmJobSpec.passwordSecretName): run skep backup init")
      }
      let result = try await context.restic(
        ["snapshots", "--json", "--tag", "kind=files"], image: image, secretID: secretID)
      guard result.succeeded else { return .unreadable(ResticJobText.reason(result)) }
      return .read(ProtectingSnapshot.files(try SnapshotListing.parse(result.logs.stdoutLines)))
    } catch {
      return .unreadable("\(error)")
    }
  }

  /// Whether the volumes the last-use rule would remove changed after their newest snapshot: one read-only job
  /// per node. When the jobs cannot be started (no backup context, no image) every volume is unverified: kept.
  func contentChecks(_ checks: [VolumeCheck], image flag: String?) async -> [VolumeKey: Bool?] {
    guard !checks.isEmpty else { return [:] }
    do {
      let context = try await BackupContext.load(global: global)
      let image = try context.image(flag)
      let runner = SwarmJob(manager: context.manager, timeout: .seconds(1800), logger: context.logger)
      let results = await VolumeChangeCheck.run(checks, image: image, runner: runner)
      await waitForCheckContainers(nodes: Set(checks.map(\.key.node)))
      return results

    } catch {
      printError("warning: could not check volumes for changes since their snapshots: \(error)")
      return [:]
    }
  }

  /// Swarm removes a job's task containers shortly after its service; until then they hold the checked volumes
  /// (Docker would refuse to remove them). Waits up to 30 s; what is left is kept as "in use now".
  func waitForCheckContainers(nodes: Set<String>) async {
    let filter = ["label": ["\(SwarmJobSpec.jobLabel)=\(VolumeChangeCheck.kind)"]]
    for _ in 0..<30 {
      var left = false
      for node in nodes {
        guard let client = clients[node] else { continue }
        if let found = try? await client.containers(all: true, filters: filter), !found.isEmpty { left = true }
      }
      if !left { return }
      try? await Task.sleep(for: .seconds(1))
    }
  }

  /// Every chosen node's containers, images and volumes (last uses read now), and skep jobs when `jobs`.
  func observe(jobs: Bool) async throws -> CleanInventory {
    let observer = CleanObserver()
    var inventory = CleanInventory(nodes: [])
    for name in nodes {
      guard let client = clients[name] else { continue }
      do {
        inventory.nodes.append(try await observer.node(name, client: client))
      } catch {
        throw CommandFailure("cannot read node \(name): \(error); nothing was removed", exitCode: .unreachable)
      }
    }
    if jobs, let manager = clients[CleanPlan.swarmNode] {
      inventory.jobs = try await observer.jobs(manager: manager)
    }
    return inventory
  }
}
