import DockerEngine
import Foundation
import Testing
import VolumeAgent

/// The `skep-agent` service as skep creates it: global, restarted, the node's folders at their own paths, the
/// password only as a secret file, the timings as arguments.
@Suite struct AgentDeploymentTests {
  @Test func theAgentServiceMountsTheNodesFoldersAndHoldsNoPassword() throws {
    let deployment = AgentDeployment(
      image: "reg:5000/skep:dev", repository: "/mnt/nas/restic", leaseTTL: 30, heartbeat: 5, snapshotInterval: 600,
      restoreWait: 20)
    let spec = deployment.serviceSpec(secretID: "sec-1")
    #expect(spec.name == "skep-agent" && spec.mode == .global)
    #expect(spec.taskTemplate.restartPolicy?.condition == "any")
    let container = spec.taskTemplate.containerSpec
    let binds = (container.mounts ?? []).filter { $0.type == "bind" }.map { "\($0.source ?? "")=\($0.target)" }
    #expect(
      binds == [
        "/run/docker/plugins=/run/docker/plugins", "/var/lib/skep/volumes=/var/lib/skep/volumes",
        "/mnt/nas=/mnt/nas", "/var/run/docker.sock=/var/run/docker.sock",
      ], "the repository's folder is bound whole, so an unmounted share is seen as gone")
    #expect(deployment.hostDirectories == ["/var/lib/skep/volumes", "/run/docker/plugins"])
    let secret = try #require(container.secrets?.first)
    #expect(secret.secretID == "sec-1" && secret.file?.name == "skep-restic-password" && secret.file?.mode == 0o400)
    let command = try #require(container.command)
    let arguments = Array(command.dropFirst(4))
    func value(_ flag: String) -> String? { arguments.firstIndex(of: flag).map { arguments[$0 + 1] } }
    #expect(value("--repository") == "/mnt/nas/restic")
    #expect(value("--password-file") == "/run/secrets/skep-restic-password")
    #expect(value("--lease-ttl") == "30" && value("--heartbeat") == "5")
    #expect(value("--snapshot-interval") == "600" && value("--restore-wait") == "20")
    #expect(container.env?.contains("SKEP_NODE={{.Node.Hostname}}") == true)
    let json = String(decoding: try JSONEncoder().encode(spec), as: UTF8.self)
    #expect(!json.contains("RESTIC_PASSWORD="))
  }

  @Test func aRepositoryAtTheRootBindsTheRoot() {
    #expect(AgentDeployment(image: "i", repository: "/restic").storeDirectory == "/")
  }
}
