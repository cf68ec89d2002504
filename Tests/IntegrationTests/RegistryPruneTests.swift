import DockerEngine
import Foundation
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  /// `skep registry prune --keep 1` after builds on three simulated dates: `latest` (same digest as the newest date
  /// tag) and the newest date tag stay, the tag a running service uses stays, the other goes; `--dry-run` first
  /// deletes nothing. `registry ls --json` lists what is there.
  @Test func registryPruneKeepsLatestTheNewestDateTagAndWhatAServiceRuns() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let address = try #require(try sandbox.inventory().registry)
    let registry = try RegistryClient(address: address)
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let name = "prune-\(suffix)"
    let repository = "\(address)/\(name)"
    let dates = ["20261101", "20261102", "20261103"]
    let builder = try sandbox.client(nodes[0].name)

    try await withCleanup { cleanup in
      await cleanup.add {
        // Whatever is left of the repository goes at the end (deleting a digest takes its tags along).
        for tag in (try? await registry.tags(name)) ?? [] {
          if let digest = try? await registry.digest(name, reference: tag) {
            try? await registry.deleteManifest(name, digest: digest)
          }
        }
      }
      var digests: [String: String] = [:]
      for date in dates {
        let context = try await BuildContext.make(
          dockerfile: "FROM debian:bookworm\nRUN echo \(suffix)-\(date) > /built\n")
        await cleanup.add { try? FileManager.default.removeItem(atPath: context.directory) }
        await cleanup.add { try? await builder.removeImage("\(repository):\(date)", force: true) }
        for try await _ in builder.build(context: .file(path: context.tarball), tag: ["\(repository):\(date)"]) {}
        var pushed: [ProgressMessage] = []
        for try await message in builder.pushImage(repository, tag: date) { pushed.append(message) }
        digests[date] = try #require(pushed.compactMap(\.aux?.digest).last, "push output: \(pushed)")
      }
      try await builder.tagImage("\(repository):20261103", repository: repository, tag: "latest")
      await cleanup.add { try? await builder.removeImage("\(repository):latest", force: true) }
      for try await _ in builder.pushImage(repository, tag: "latest") {}
      #expect(Set(digests.values).count == 3, "three builds, three digests: \(digests)")
      let latest = try await registry.digest(name, reference: "latest")
      #expect(latest == digests["20261103"], "latest and 20261103 share a digest")

      let spec = ServiceSpec(
        name: "skep-test-\(name)",
        taskTemplate: TaskTemplate(
          containerSpec: ContainerSpec(image: "\(repository):20261101", command: ["sleep", "infinity"])),
        mode: .replicated(replicas: 1))
      let service = try await builder.createService(spec)
      await cleanup.add { try? await builder.removeService(service) }

      let dry = try await sandbox.skep(["registry", "prune", "--keep", "1", "--dry-run", "--repository", name])
      #expect(dry.status == 0, "prune --dry-run failed: \(dry.stderr)")
      #expect(dry.stdout.contains("would delete 1 manifest"), "dry run: \(dry.stdout)")
      #expect(dry.stdout.contains("used by service skep-test-\(name)"), "dry run: \(dry.stdout)")
      #expect(Set(try await registry.tags(name)) == ["latest", "20261101", "20261102", "20261103"])
      #expect(try await registry.digest(name, reference: "20261102") == digests["20261102"])

      let pruned = try await sandbox.skep(["registry", "prune", "--keep", "1", "--json", "--repository", name])
      #expect(pruned.status == 0, "prune failed: \(pruned.stderr)")
      let report = try JSONDecoder().decode(PruneJSON.self, from: Data(pruned.stdout.utf8))
      #expect(report.deleted.map(\.digest) == [digests["20261102"]])
      #expect(report.deleted.first?.tags == ["20261102"])
      #expect(report.reclaimableBytes > 0, "the 20261102 build's own layer is reclaimable")
      let kept = Dictionary(uniqueKeysWithValues: (report.repositories.first?.kept ?? []).map { ($0.tag, $0.reasons) })
      #expect(kept["latest"] == ["latest"])
      #expect(kept["20261103"] == ["newest date tag"])
      #expect(kept["20261101"] == ["used by service skep-test-\(name)"])

      #expect(Set(try await registry.tags(name)) == ["latest", "20261101", "20261103"])
      #expect(try await registry.digest(name, reference: "20261102") == nil, "20261102's manifest is gone (404)")
      #expect(try await registry.digest(name, reference: "latest") == latest, "latest is untouched")
      #expect(try await registry.digest(name, reference: "20261101") == digests["20261101"])

      let listed = try await sandbox.skep(["registry", "ls", "--json"])
      #expect(listed.status == 0, "registry ls failed: \(listed.stderr)")
      let rows = try JSONDecoder().decode([LsRow].self, from: Data(listed.stdout.utf8)).filter { $0.repository == name }
      #expect(rows.map(\.tag) == ["latest", "20261103", "20261101"])
      #expect(rows.first?.digest == latest)
      #expect(rows.allSatisfy { $0.size > 1_000_000 }, "debian:bookworm's layer counts: \(rows)")
    }
    #expect(try await registry.digest(name, reference: "latest") == nil, "the test left no tag behind")
  }
}

/// The parts of `registry prune --json` the test reads.
private struct PruneJSON: Decodable {
  struct Repository: Decodable {
    struct Kept: Decodable {
      var tag: String
      var reasons: [String]
    }
    var kept: [Kept]
  }
  struct Deletion: Decodable {
    var digest: String
    var tags: [String]
  }
  var repositories: [Repository]
  var deleted: [Deletion]
  var reclaimableBytes: Int64
}

/// One row of `registry ls --json`.
private struct LsRow: Decodable {
  var repository: String
  var tag: String
  var digest: String
  var size: Int64
}
