import Backup
import DockerEngine
import Foundation
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  /// Through `skep backup run`: a container labelled with offen's `stop-during-backup` and skep's pre/post hooks is
  /// stopped for the snapshot and started again, the pre hook's file is in the snapshot and the post hook's is not
  /// (it ran after); on another volume a failing pre hook fails that volume without pausing its container or
  /// taking a snapshot, and the run exits 1.
  @Test func stopModeAndHooksRunAroundTheSnapshotAndAFailingPreHookTouchesNothing() async throws {
    let fixture = try await initializedBackupFixture(name: "hooks")
    let node = nodes[2].name
    let client = try sandbox.client(node)
    let stopped = "hooks-stop-\(fixture.suffix)"
    let failing = "hooks-fail-\(fixture.suffix)"
    for volume in [stopped, failing] {
      _ = try await client.createVolume(VolumeCreateRequest(name: volume))
      try "data of \(volume)".write(
        toFile: "\(sandbox.directory)/nodes/\(node)/var-lib-docker/volumes/\(volume)/_data/file", atomically: true,
        encoding: .utf8)
    }
    let app = try await client.createContainer(
      name: "hooks-app-\(fixture.suffix)",
      config: ContainerCreateConfig(
        image: "debian:bookworm", cmd: ["sleep", "600"],
        labels: [
          "docker-volume-backup.stop-during-backup": "true",
          "skep.backup.pre": "echo pre > /data/pre-marker",
          "skep.backup.post": "echo post > /data/post-marker",
        ],
        hostConfig: .init(binds: ["\(stopped):/data"])))
    try await client.startContainer(app)
    let other = try await client.createContainer(
      name: "hooks-other-\(fixture.suffix)",
      config: ContainerCreateConfig(
        image: "debian:bookworm", cmd: ["sleep", "600"],
        labels: ["skep.backup.consistency": "pause", "skep.backup.pre": "echo refusing >&2; exit 3"],
        hostConfig: .init(binds: ["\(failing):/data"])))
    try await client.startContainer(other)
    let neverStopped = "0001-01-01T00:00:00Z"
    #expect(try await client.inspectContainer(app).state?.finishedAt == neverStopped)

    let run = try await sandbox.skep(
      ["backup", "run", "--json", "--node", node, "--volume", stopped, "--volume", failing],
      inventory: fixture.inventory)
    #expect(run.status == 1, "a failing hook must fail the run: \(run.stdout)\n\(run.stderr)")
    let report = try JSONDecoder().decode(RunJSON.self, from: Data(run.stdout.utf8))
    let stopEvent = report.events.first { $0.volume == stopped }
    #expect(stopEvent?.status == .ok && stopEvent?.mode == .stop, "\(run.stdout)")
    let failEvent = report.events.first { $0.volume == failing }
    #expect(failEvent?.status == .failed, "\(run.stdout)")
    #expect(failEvent?.reason?.contains("pre hook") == true && failEvent?.reason?.contains("status 3") == true)

    // Stopped (it has a last stop now) and started again; the other container never stopped.
    let after = try await client.inspectContainer(app).state
    #expect(after?.status == "running" && after?.finishedAt != neverStopped, "app: \(String(describing: after))")
    let otherAfter = try await client.inspectContainer(other).state
    #expect(otherAfter?.status == "running" && otherAfter?.finishedAt == neverStopped)

    // The snapshot holds what the pre hook wrote, not what the post hook wrote afterwards.
    let listing = try await hostRestic(
      ["ls", "latest", "--tag", "volume=\(stopped)"], repository: fixture.repository, passwordText: fixture.password)
    #expect(listing.contains("/pre-marker") && listing.contains("/file"), "\(listing)")
    #expect(!listing.contains("/post-marker"), "\(listing)")
    let data = "\(sandbox.directory)/nodes/\(node)/var-lib-docker/volumes/\(stopped)/_data"
    #expect(FileManager.default.fileExists(atPath: data + "/post-marker"), "the post hook did not run")
    let none = try await hostRestic(
      ["snapshots", "--json", "--tag", "volume=\(failing)"], repository: fixture.repository,
      passwordText: fixture.password)
    #expect((try JSONSerialization.jsonObject(with: Data(none.utf8)) as? [Any])?.count == 0, "\(none)")

    try? await client.removeContainer(app, force: true)
    try? await client.removeContainer(other, force: true)
    try? await client.removeVolume(stopped, force: true)
    try? await client.removeVolume(failing, force: true)
  }
}
