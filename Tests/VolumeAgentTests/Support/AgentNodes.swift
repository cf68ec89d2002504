import Foundation
import VolumeAgent
import VolumeDriver

/// Short timings for agents under test: leases live 3 s, heartbeats every 0.5 s, Mount waits 5 s for a restore and
/// 1 s for another node's lease, no periodic snapshots unless asked, idle leases kept (no release behind the test's
/// back).
func testConfiguration(node: String, root: String, snapshotInterval: TimeInterval = 0) -> VolumeAgentConfiguration {
  VolumeAgentConfiguration(
    node: node, root: root, leaseTTL: 3, heartbeatInterval: 0.5, snapshotInterval: snapshotInterval,
    restoreWait: 5, idleGrace: 3600, retryDelay: 0.5, inUseWait: 1)
}

/// An agent on `node` with its own root in the fixture's folder, on the fixture's repository and lease folder.
func makeAgent(
  _ node: String, in fixture: ResticRepositoryFixture, root: String? = nil, store: (any VolumeSnapshotStore)? = nil,
  snapshotInterval: TimeInterval = 0
) throws -> VolumeAgentCore {
  try VolumeAgentCore(
    configuration: testConfiguration(
      node: node, root: root ?? fixture.directory.path("root-\(node)"), snapshotInterval: snapshotInterval),
    leases: fixture.leases(), store: store ?? fixture.store())
}

/// Runs `body` while every agent's ``VolumeAgentCore/run()`` loop runs (background restores, final snapshots,
/// heartbeats); the loops are cancelled and their queues finished afterwards, also when `body` throws.
func whileRunning<T: Sendable>(_ agents: [VolumeAgentCore], _ body: () async throws -> T) async throws -> T {
  try await withThrowingTaskGroup(of: Void.self) { group in
    for agent in agents { group.addTask { await agent.run() } }
    func stop() {
      group.cancelAll()
      for agent in agents { agent.finishQueue() }
    }
    do {
      let result = try await body()
      stop()
      return result
    } catch {
      stop()
      throw error
    }
  }
}

/// Mounts like the swarm would: a refusal saying "restoring …" is retried until `timeout`.
func mountRetrying(
  _ agent: VolumeAgentCore, _ name: String, id: String, timeout: Double = 30
) async throws -> String {
  let deadline = Date().addingTimeInterval(timeout)
  while true {
    do {
      return try await agent.mount(VolumeMountRequest(name: name, id: id))
    } catch let error as VolumeDriverError where error.message.hasPrefix("restoring") && Date() < deadline {
      try await Task.sleep(for: .milliseconds(300))
    }
  }
}
