import DockerEngine
import Foundation
import SkepConfig
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  /// A swarm secret: created, listed, never returned by inspect, mounted into a `ReplicatedJob` on each engine version
  /// (its file content and mode read back from the job's logs), refused removal while in use, then removed.
  @Test func aSecretReachesAJobOnEachEngineButNeverComesBackFromTheAPI() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let registry = try #require(try sandbox.inventory().registry)
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let manager = try sandbox.client(nodes[0].name)
    let name = "skep-test-secret-\(suffix)"
    let value = "s3cr3t-\(UUID().uuidString)"
    let image = "\(registry)/skep-test/debian:\(suffix)"

    try await withCleanup { cleanup in
      // Each node pulls the job's image from the sandbox registry (nothing can be pulled from the internet).
      try await manager.tagImage("debian:bookworm", repository: "\(registry)/skep-test/debian", tag: String(suffix))
      await cleanup.add { try? await manager.removeImage(image) }
      for try await _ in manager.pushImage("\(registry)/skep-test/debian", tag: String(suffix)) {}

      let id = try await manager.createSecret(name: name, data: Array(value.utf8), labels: ["skep.test": "1"])
      await cleanup.add { try? await manager.removeSecret(id) }

      let listed = try await manager.secrets(filters: ["name": [name]])
      #expect(listed.map(\.id) == [id])
      #expect(listed.first?.spec.labels == ["skep.test": "1"])
      #expect(listed.allSatisfy { !$0.spec.dataReturned })
      let inspected = try await manager.secret(name)
      #expect(inspected.id == id)
      #expect(!inspected.spec.dataReturned, "Docker must never return a secret's data")

      let path = "/run/secrets/\(name)"
      for engine in ["26.1", "20.10"] {
        let runOn = try #require(nodes.first { $0.labels["skep.sandbox.engine"] == engine })
        let worker = try sandbox.client(runOn.name)
        // Runs after the job's service is gone (LIFO): the image the node pulled.
        await cleanup.add { try? await worker.removeImage(image, force: true) }
        let spec = ServiceSpec(
          name: "skep-test-secret-job-\(suffix)-\(engine.replacingOccurrences(of: ".", with: "-"))",
          taskTemplate: TaskTemplate(
            containerSpec: ContainerSpec(
              image: image, command: ["sh", "-c", "echo content=$(cat \(path)); stat -c mode=%a \(path)"],
              secrets: [
                ContainerSpec.SecretReference(
                  secretID: id, secretName: name, file: .init(name: name, uid: "0", gid: "0", mode: 0o400))
              ]),
            restartPolicy: TaskTemplate.RestartPolicy(condition: "none"),
            placement: TaskTemplate.Placement(constraints: ["node.hostname==\(runOn.name)"])),
          mode: .replicatedJob(maxConcurrent: 1, totalCompletions: 1))
        let service = try await manager.createService(spec)
        await cleanup.add { try? await manager.removeService(service) }
        let job = try await sandbox.waitForJob(service, on: manager)
        #expect(job.completed, "\(engine) job tasks: \(job.taskStates)")
        #expect(job.logs.contains("content=\(value)"), "\(engine) job logs: \(job.logs)")
        #expect(job.logs.contains("mode=400"), "\(engine) job logs: \(job.logs)")

        let read = try await manager.service(service)
        #expect(read.spec.taskTemplate.containerSpec.secrets?.map(\.secretID) == [id])
        #expect(read.spec.taskTemplate.containerSpec.secrets?.first?.file?.mode == 0o400)
      }

      // In use by the jobs: the daemon refuses, in its own words.
      let refusal = await #expect(throws: DockerEngineError.self) { try await manager.removeSecret(id) }
      if case .http(let status, let message, _, _) = refusal {
        #expect(status == 400, "message: \(message)")
        #expect(message.contains("in use"), "message: \(message)")
      } else {
        Issue.record("expected an HTTP refusal, got \(String(describing: refusal))")
      }
    }
    #expect(try await manager.secrets(filters: ["name": [name]]).isEmpty)
    #expect(try await manager.services().allSatisfy { !$0.spec.name.hasPrefix("skep-test-secret-job-\(suffix)") })
  }
}

extension SwarmFormationTests {
  /// An attachable overlay network made through a manager is seen by the swarm's managers, found by label, removed.
  @Test func anOverlayNetworkIsCreatedListedAndRemoved() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let name = "skep-test-net-\(UUID().uuidString.prefix(8).lowercased())"
    let manager = try sandbox.client(nodes[0].name)
    let other = try sandbox.client(try #require(nodes.first { $0.labels["skep.sandbox.engine"] == "20.10" }).name)
    let id = try await manager.createNetwork(name: name, attachable: true, labels: ["skep.test": name])
    // Seen at once, but `Driver` stays "" until the swarm's allocator has run (a few ms): poll for it.
    let allocated = await sandbox.eventually(timeout: 10, every: 0.2) {
      try await other.networks(filters: ["label": ["skep.test=\(name)"]]).first?.driver == "overlay"
    }
    let listed = try await other.networks(filters: ["label": ["skep.test=\(name)"]])
    try await manager.removeNetwork(id)
    #expect(allocated)
    #expect(listed.map(\.id) == [id])
    #expect(listed.first?.scope == "swarm")
    #expect(listed.first?.attachable == true)
    #expect(try await manager.networks(filters: ["name": [name]]).isEmpty)
  }
}
