import Cluster
import DockerEngine
import ImageBuild
import ImageBuilder
import Logging
import SkepConfig

/// What the `skep registry` commands need: the inventory, its registry, and (for prune) a swarm manager.
struct RegistryContext {
  var inventory: Inventory
  /// `host:port` from the inventory's `registry:`.
  var address: String
  var client: RegistryClient
  var engines: NodeEngines
  /// The rule `skep build` tags with (the inventory's `build.tag_format`), which tells date tags from others.
  var dateTag: DateTag { inventory.dateTag }

  /// Loads the inventory and makes a client for its `registry:`.
  static func load(global: GlobalOptions) throws -> RegistryContext {
    let inventory = try global.loadInventory()
    guard let address = inventory.registry else {
      throw CommandFailure(
        "no registry: set registry: HOST:PORT in \(inventory.file) (e.g. registry: 192.168.1.2:5000)",
        exitCode: .invalidInput)
    }
    let client = try RegistryClient(address: address, logger: Logger(label: "skep.registry"))
    return RegistryContext(
      inventory: inventory, address: address, client: client, engines: try NodeEngines(inventory: inventory))
  }

  /// Every repository with each tag's digest (one `HEAD` per tag). A repository the catalog lists but whose tags
  /// are all gone (404 on its tag list) comes back empty.
  func listing() async throws -> [RegistryRepositoryTags] {
    var result: [RegistryRepositoryTags] = []
    let repositories: [String] = try await client.catalog()
    for repository in repositories {
      let tags = try await tagsOrNone(repository)
      var digests: [String: String] = [:]
      for tag in tags {
        // A tag deleted between the listing and now is simply gone.
        if let digest = try await client.digest(repository, reference: tag) { digests[tag] = digest }
      }
      result.append(RegistryRepositoryTags(repository: repository, tags: digests))
    }
    return result
  }

  /// The repository's tags; none when the registry answers 404.
  private func tagsOrNone(_ repository: String) async throws(RegistryError) -> [String] {
    do {
      return try await client.tags(repository)
    } catch {
      if error.status == 404 { return [] }
      throw error
    }
  }

  /// The first inventory node that answers as a swarm manager.
  /// - Throws: `CommandFailure` (unreachable) when none does: without it, what is in use is unknown.
  func manager() async throws -> AnsweringManager {
    do {
      return try await engines.firstManager()
    } catch {
      throw CommandFailure(
        "no swarm manager answers, so the images services run are unknown and nothing is pruned "
          + "(run skep cluster up first):\n  " + error.reasons.joined(separator: "\n  "),
        exitCode: .unreachable)
    }
  }

  /// The image of every swarm service.
  func serviceImages(_ manager: AnsweringManager) async throws -> [ServiceImage] {
    let services = try await manager.client.services()
    return services.map { ServiceImage(service: $0.spec.name, image: $0.spec.taskTemplate.containerSpec.image) }
  }

  /// Runs the garbage collection when this registry is the one `skep registry deploy` runs (its service's address
  /// label is the inventory's `registry:`); otherwise says how to run it by hand.
  func collectGarbage(_ manager: AnsweringManager) async throws -> RegistryPruneReport.GarbageCollection {
    let service = RegistryService(manager: manager.client, logger: Logger(label: "skep.registry"))
    guard let (_, deployment) = try await service.serving(address) else {
      return .notRun(
        "\(address) is not a registry skep deployed: run its garbage collection yourself (stop it or make it "
          + "read-only, then `registry garbage-collect CONFIG`; Debian: `\(RegistryPruneReport.debianCollect)`)")
    }
    do {
      let collection = try await service.collectGarbage(on: try engines.client(deployment.node))
      return .ran(collection)
    } catch let error as RegistryServiceError {
      throw CommandFailure("the manifests are deleted, but " + error.description)
    }
  }

  /// The blobs of each (repository, digest), fetched once each.
  func blobs(_ manifests: Set<ManifestKey>) async throws -> [ManifestKey: [String: Int64]] {
    var result: [ManifestKey: [String: Int64]] = [:]
    for key in manifests.sorted(by: { ($0.repository, $0.digest) < ($1.repository, $1.digest) }) {
      let blobs = try await client.blobs(key.repository, reference: key.digest)
      result[key] = Dictionary(blobs.map { ($0.digest, $0.size) }) { first, _ in first }
    }
    return result
  }
}

/// One manifest in one repository.
struct ManifestKey: Hashable {
  var repository: String
  var digest: String
}

extension RegistryError: SkepExitCodeConvertible {
  var skepExitCode: SkepExitCode {
    switch self {
    case .transport: return .unreachable
    case .invalidAddress: return .invalidInput
    default: return .failure
    }
  }
  var userMessage: String { description }
}
