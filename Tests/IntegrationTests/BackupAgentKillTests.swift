import Backup
import DockerEngine
import Foundation
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  /// The agent's container killed with SIGKILL while it holds a container paused (it cannot unpause anything
  /// itself): `backup run` fails naming the node, puts that container back to running and says so, and leaves no
  /// snapshot of the volume. A container someone else paused on the same node is left paused.
  @Test func agentKilledWhileAContainerIsPausedTheRunUnpausesIt() async throws {
    let fixture = try await initializedBackupFixture(name: "agentkill")
    let node = nodes[1].name
    let client = try sandbox.client(node)
    let volume = "agentkill-\(fixture.suffix)"
    _ = try await client.createVolume(VolumeCreateRequest(name: volume))
    let data = "\(sandbox.directory)/nodes/\(node)/var-lib-docker/volumes/\(volume)/_data"
    // Big enough that restic still runs when the kill comes.
    _ = try runProcess("/bin/dd", ["if=/dev/urandom", "of=\(data)/random.bin", "bs=1M", "count=300", "status=none"])
    let app = try await client.createContainer(
      name: "agentkill-app-\(fixture.suffix)",
      config: ContainerCreateConfig(
        image: "debian:bookworm", cmd: ["sleep", "600"], labels: ["skep.backup.consistency": "pause"],
        hostConfig: .init(binds: ["\(volume):/data"])))
    try await client.startContainer(app)
    let bystander = try await client.createContainer(
      name: "agentkill-other-\(fixture.suffix)",
      config: ContainerCreateConfig(image: "debian:bookworm", cmd: ["sleep", "600"]))
    try await client.startContainer(bystander)
    try await client.pauseContainer(bystander)

    var environment = ProcessInfo.processInfo.environment
    environment["SKEP_INVENTORY"] = fixture.inventory
    let run = try StartedProcess(
      sandbox.binary, ["backup", "run", "--json", "--node", node, "--volume", volume], environment: environment)
    let paused = await sandbox.eventually(timeout: 60, every: 0.05) {
      try await client.inspectContainer(app).state?.status == "paused"
    }
    #expect(paused, "the agent never paused the app")
    let agents = try await client.containers(filters: ["label": ["skep.job=backup"]])
    #expect(agents.count == 1, "agent containers on \(node): \(agents.map(\.id))")
    for agent in agents { try await client.killContainer(agent.id) }
    let result = run.wait()

    #expect(result.status == 1, "the run must fail: \(result.stdout)\n\(result.stderr)")
    let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let failedNodes = (report?["summary"] as? [String: Any])?["failedNodes"] as? [String] ?? []
    #expect(failedNodes == [node], "report: \(result.stdout)")
    let unpaused = (report?["unpaused"] as? [[String: Any]] ?? []).compactMap { $0["container"] as? String }
    #expect(unpaused == ["agentkill-app-\(fixture.suffix)"], "report: \(result.stdout)")
    #expect(try await client.inspectContainer(app).state?.status == "running")
    #expect(try await client.inspectContainer(bystander).state?.status == "paused", "someone else's pause is kept")
    let listed = try await hostRestic(
      ["snapshots", "--json", "--tag", "volume=\(volume)"], repository: fixture.repository,
      passwordText: fixture.password)
    #expect((try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [Any])?.count == 0, "\(listed)")

    try? await client.removeContainer(app, force: true)
    try? await client.removeContainer(bystander, force: true)
    try? await client.removeVolume(volume, force: true)
  }
}
