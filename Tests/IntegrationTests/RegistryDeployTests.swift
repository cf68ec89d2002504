import DockerEngine
import Foundation
import ImageBuilder
import SkepConfig
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  /// `skep registry deploy` on a copy of the sandbox inventory: refused while the inventory names another registry,
  /// then (with --replace) runs the sandbox-made `registry:2` image as a service on the first manager, published on
  /// its address, and records that address; a rerun changes nothing. Images pushed there on three simulated dates,
  /// then `registry prune --keep 1` deletes the oldest and runs the garbage collection, which reclaims its 1 MiB
  /// layer; afterwards `latest` still pulls on another node and the registry takes pushes again.
  @Test func registryDeployRunsTheRegistryRecordsItAndPruneCollectsItsGarbage() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let sandboxRegistry = try registry
    let image = "\(sandboxRegistry)/registry:2"
    let made = try await sandbox.skep(["sandbox", "image", "--dir", sandbox.directory, "--registry-image"])
    try #require(made.status == 0, "sandbox image --registry-image failed: \(made.stderr)")
    #expect(made.stdout.contains("\(image) pushed"), "stdout: \(made.stdout)")

    let original = try String(contentsOfFile: sandbox.inventoryPath, encoding: .utf8)
    let inventory = try sandbox.writeInventory(original, name: "registry-deploy.yml")
    let host = try #require(try sandbox.inventory().node(named: nodes[0].name))
    let endpoint = "\(host.address):5000"
    let manager = try sandbox.client(nodes[0].name)
    let registryNode = try sandbox.client(host.name)

    try await withCleanup { cleanup in
      await cleanup.add { try? FileManager.default.removeItem(atPath: inventory) }
      await cleanup.add {
        try? await manager.removeService("skep-registry")
        // The volume is free once the task's container is gone.
        for _ in 0..<60 {
          if (try? await registryNode.removeVolume("skep-registry")) != nil { break }
          try? await Task.sleep(for: .milliseconds(500))
        }
      }

      let refused = try await sandbox.skep(["registry", "deploy", "--image", image], inventory: inventory)
      #expect(refused.status == 2, "deploy over another registry: \(refused.status) \(refused.stderr)")
      #expect(refused.stderr.contains("already names the registry \(sandboxRegistry)"), "stderr: \(refused.stderr)")
      #expect(try await manager.services(filters: ["name": ["skep-registry"]]).isEmpty, "nothing was started")
      #expect(try String(contentsOfFile: inventory, encoding: .utf8) == original, "the inventory is untouched")

      let deployed = try await sandbox.skep(
        ["registry", "deploy", "--image", image, "--replace", "--json"], inventory: inventory)
      try #require(deployed.status == 0, "deploy failed: \(deployed.stderr)")
      let report = try JSONDecoder().decode(DeployJSON.self, from: Data(deployed.stdout.utf8))
      #expect(report.action == "created" && report.node == host.name && report.endpoint == endpoint)
      #expect(report.previousRegistry == sandboxRegistry && report.inventoryChanged)
      #expect(try InventoryLoader.load(path: inventory).registry == endpoint)
      let edited = try String(contentsOfFile: inventory, encoding: .utf8)
      #expect(
        edited.split(separator: "\n").filter { !$0.hasPrefix("registry:") }
          == original.split(separator: "\n").filter { !$0.hasPrefix("registry:") },
        "only the registry line changed")
      let tasks = try await manager.tasks(filters: ["service": ["skep-registry"], "desired-state": ["running"]])
      let swarmNodes = try await manager.nodes()
      #expect(
        tasks.compactMap { task in swarmNodes.first { $0.id == task.nodeID }?.description?.hostname } == [host.name])

      let again = try await sandbox.skep(["registry", "deploy", "--image", image, "--json"], inventory: inventory)
      #expect(again.status == 0, "rerun failed: \(again.stderr)")
      #expect(try JSONDecoder().decode(DeployJSON.self, from: Data(again.stdout.utf8)).action == "unchanged")

      // Three builds on three simulated dates, pushed to the new registry from another node.
      let client = try RegistryClient(address: endpoint)
      let builder = try sandbox.client(nodes[1].name)
      let name = "gc-\(UUID().uuidString.prefix(6).lowercased())"
      let repository = "\(endpoint)/\(name)"
      for date in ["20261101", "20261102", "20261103"] {
        let context = try await BuildContext.make(
          dockerfile: "FROM debian:bookworm\nRUN head -c 1048576 /dev/urandom > /blob-\(date)\n")
        await cleanup.add { try? FileManager.default.removeItem(atPath: context.directory) }
        await cleanup.add { try? await builder.removeImage("\(repository):\(date)", force: true) }
        for try await _ in builder.build(context: .file(path: context.tarball), tag: ["\(repository):\(date)"]) {}
        for try await _ in builder.pushImage(repository, tag: date) {}
      }
      try await builder.tagImage("\(repository):20261103", repository: repository, tag: "latest")
      await cleanup.add { try? await builder.removeImage("\(repository):latest", force: true) }
      for try await _ in builder.pushImage(repository, tag: "latest") {}

      let listed = try await sandbox.skep(["registry", "ls"], inventory: inventory)
      #expect(listed.status == 0 && listed.stdout.contains(name), "registry ls: \(listed.stdout) \(listed.stderr)")

      let pruned = try await sandbox.skep(["registry", "prune", "--keep", "1", "--json"], inventory: inventory)
      try #require(pruned.status == 0, "prune failed: \(pruned.stderr)")
      let prune = try JSONDecoder().decode(PruneGCJSON.self, from: Data(pruned.stdout.utf8))
      #expect(prune.deleted.flatMap(\.tags).sorted() == ["20261101", "20261102"])
      let collection = prune.garbageCollection
      #expect(collection.ran && collection.node == host.name, "collection: \(collection)")
      #expect((collection.reclaimedBytes ?? 0) >= 2 * 1_048_576, "two 1 MiB layers freed: \(collection)")
      #expect((collection.blobsDeleted ?? 0) >= 4, "two layers and two configs: \(collection)")
      #expect(Set(try await client.tags(name)) == ["20261103", "latest"])

      // Writable again, and what is kept still pulls elsewhere.
      let puller = try sandbox.client(nodes[2].name)
      await cleanup.add { try? await puller.removeImage("\(repository):latest", force: true) }
      for try await _ in puller.pullImage(repository, tag: "latest") {}
      #expect(try await puller.inspectImage("\(repository):latest").id.hasPrefix("sha256:"))
      try await builder.tagImage("\(repository):20261103", repository: repository, tag: "after-gc")
      await cleanup.add { try? await builder.removeImage("\(repository):after-gc", force: true) }
      for try await _ in builder.pushImage(repository, tag: "after-gc") {}
      #expect(try await client.digest(name, reference: "after-gc") != nil, "the registry takes pushes again")
    }
  }
}

private struct DeployJSON: Decodable {
  var action: String
  var node: String
  var endpoint: String
  var previousRegistry: String?
  var inventoryChanged: Bool
}

private struct PruneGCJSON: Decodable {
  struct Deletion: Decodable {
    var digest: String
    var tags: [String]
  }
  struct Collection: Decodable {
    var ran: Bool
    var node: String?
    var reclaimedBytes: Int64?
    var blobsDeleted: Int?
  }
  var deleted: [Deletion]
  var garbageCollection: Collection
}
