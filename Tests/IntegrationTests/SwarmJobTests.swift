import DockerEngine
import Foundation
import SkepConfig
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  /// Push to the sandbox registry from a 26.1 node, then a `ReplicatedJob` pinned to a 20.10 node pulls and runs it:
  /// services, jobs, tasks, service logs, events, image tag/push/remove against real engines.
  @Test func aJobRunsOnAnotherNodeFromAnImagePushedToTheRegistry() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let registry = try #require(try sandbox.inventory().registry)
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let repository = "\(registry)/skep-test/debian"
    let started = Date()

    let pusher = try sandbox.client(nodes[0].name)
    try await pusher.tagImage("debian:bookworm", repository: repository, tag: suffix)
    var pushed: [ProgressMessage] = []
    for try await message in pusher.pushImage(repository, tag: suffix) { pushed.append(message) }
    #expect(pushed.contains { $0.aux?.digest?.hasPrefix("sha256:") == true }, "push: \(pushed)")

    let manager = try sandbox.client(nodes[0].name)
    let runOn = nodes[1].name
    let spec = ServiceSpec(
      name: "skep-test-job-\(suffix)",
      taskTemplate: TaskTemplate(
        containerSpec: ContainerSpec(
          image: "\(repository):\(suffix)", command: ["sh", "-c", "echo job-ran-on-$(hostname)"],
          hostname: "{{.Node.Hostname}}"),
        restartPolicy: TaskTemplate.RestartPolicy(condition: "none"),
        placement: TaskTemplate.Placement(constraints: ["node.hostname==\(runOn)"])),
      mode: .replicatedJob(maxConcurrent: 1, totalCompletions: 1))
    let id = try await manager.createService(spec)
    let job = try await sandbox.waitForJob(id, on: manager)
    #expect(job.completed, "job tasks: \(job.taskStates)")
    #expect(job.logs.contains("job-ran-on-\(runOn)"), "service logs: \(job.logs)")

    let service = try await manager.service(id)
    #expect(service.spec.mode == .replicatedJob(maxConcurrent: 1, totalCompletions: 1))
    try await manager.removeService(id)
    try await pusher.removeImage("\(repository):\(suffix)")

    var actions: [String] = []
    for try await event in manager.events(since: started, until: Date(), filters: ["type": ["service"]]) {
      if event.actor?.id == id, let action = event.action { actions.append(action) }
    }
    #expect(actions.contains("create") && actions.contains("remove"), "service events: \(actions)")
  }
}
