import Backup
import DockerEngine
import Foundation
import SkepConfig
import Testing

@Suite struct SwarmJobSpecTests {
  let password = "hunter2-not-in-spec"

  func agentJob(_ placement: SwarmJobSpec.Placement) -> SwarmJobSpec {
    BackupJobs.agentBackup(
      name: "skep-backup-x", image: "reg:5000/skep:latest", repository: "/srv/nas/restic", repositoryKind: .local,
      placement: placement, volumes: ["db", "web data"], compression: .max,
      rulesJSON: #"{"volumes":{"db":{"backup":true,"consistency":"pause","exclude":[]}}}"#)
  }

  @Test func theAgentJobIsAGlobalJobWithReadOnlyVolumesTheSecretAndNoPassword() throws {
    let spec = agentJob(SwarmJobSpec.placement(on: [], among: ["node1", "node2"])).serviceSpec(secretID: "sec1")
    #expect(spec.mode == .globalJob)
    #expect(spec.name == "skep-backup-x")
    #expect(spec.labels == ["skep.job": "backup"])
    #expect(spec.taskTemplate.restartPolicy?.condition == "none")
    #expect(spec.taskTemplate.placement == nil)
    let container = spec.taskTemplate.containerSpec
    let mounts = try #require(container.mounts)
    #expect(
      mounts.contains {
        $0.type == "bind" && $0.source == "/var/lib/docker/volumes" && $0.target == "/skep/volumes"
          && $0.readOnly == true
      })
    #expect(mounts.contains { $0.source == "/var/run/docker.sock" && $0.target == "/var/run/docker.sock" })
    // The skep volume driver's socket folder: driver volumes are snapshotted through the node's agent.
    #expect(mounts.contains { $0.type == "bind" && $0.source == "/run/docker/plugins" && $0.target == "/skep/plugins" })
    #expect(mounts.contains { $0.source == "/srv/nas/restic" && $0.target == "/srv/nas/restic" && $0.readOnly != true })
    let secret = try #require(container.secrets?.first)
    #expect(secret.secretID == "sec1" && secret.secretName == "skep-restic-password")
    #expect(secret.file?.name == "skep-restic-password" && secret.file?.mode == 0o400)
    #expect(container.env == ["SKEP_NODE={{.Node.Hostname}}", "RESTIC_CACHE_DIR=/skep/cache"])
    // restic's cache lives on in a node-local volume that backups skip and clean keeps.
    #expect(
      mounts.contains {
        $0.type == "volume" && $0.source == "skep-restic-cache" && $0.target == "/skep/cache"
          && $0.volumeOptions?.labels == ["skep.backup": "false"]
      })
    let command = try #require(container.command)
    #expect(command.prefix(3) == ["sh", "-c", #"exec skep agent backup --node "$SKEP_NODE" "$@""#])
    let arguments = Array(command.dropFirst(4))
    #expect(arguments.contains("--password-file"))
    #expect(
      arguments[arguments.firstIndex(of: "--password-file").map { $0 + 1 } ?? 0] == "/run/secrets/skep-restic-password")
    #expect(arguments.split(separator: "--volume").count == 3)
    #expect(arguments.contains("web data"))
    #expect(arguments.contains("--rules-json") && arguments.contains("max"))
    // Nothing in the spec holds a password: only the file path.
    let json = String(decoding: try JSONEncoder().encode(spec), as: UTF8.self)
    #expect(!json.contains(password) && !json.contains("RESTIC_PASSWORD="))
  }

  @Test func chosenNodesAreSaidAsNotTheOthers() {
    let placement = SwarmJobSpec.placement(on: ["node1", "node3"], among: ["node1", "node2", "node3", "node4"])
    let spec = agentJob(placement).serviceSpec(secretID: "s")
    #expect(spec.taskTemplate.placement?.constraints == ["node.hostname!=node2", "node.hostname!=node4"])
  }

  @Test func resticJobsAreOneTaskWithTheRepositoryInTheEnvironmentAndNoNodeData() throws {
    let job = BackupJobs.restic(
      name: "j", image: "i", repository: "/srv/nas/restic", repositoryKind: .local, arguments: ["cat", "config"])
    let spec = job.serviceSpec(secretID: "s")
    #expect(spec.mode == .replicatedJob(maxConcurrent: 1, totalCompletions: 1))
    #expect(spec.taskTemplate.placement?.constraints == ["node.role==manager"])
    #expect(spec.taskTemplate.containerSpec.command == ["restic", "--no-cache", "cat", "config"])
    #expect(
      spec.taskTemplate.containerSpec.env == [
        "RESTIC_REPOSITORY=/srv/nas/restic", "RESTIC_PASSWORD_FILE=/run/secrets/skep-restic-password",
      ])
    #expect(spec.taskTemplate.containerSpec.mounts?.map(\.target) == ["/srv/nas/restic"])
    let remote = BackupJobs.restic(
      name: "j", image: "i", repository: "s3:https://h/b", repositoryKind: .s3, arguments: [])
    #expect(remote.serviceSpec(secretID: "s").taskTemplate.containerSpec.mounts == [])
  }

  @Test func jobNamesAreUTCStampsWithASuffix() {
    let date = Date(timeIntervalSince1970: 1_795_000_000)
    #expect(SwarmJobSpec.uniqueName(at: date, suffix: "ab12") == "skep-backup-20261118T110640Z-ab12")
    #expect(SwarmJobSpec.uniqueName() != SwarmJobSpec.uniqueName())
  }

  @Test func theSandboxsPerNodeSocketsBecomeATemplateElseTheDefault() throws {
    func node(_ name: String, _ docker: String) -> InventoryNode {
      InventoryNode(
        name: name, address: "10.0.0.1", docker: docker, location: SourceLocation(file: "skep.yml", line: 1, column: 1))
    }
    let sandbox = [
      node("node1", "unix:///s/nodes/node1/docker.sock"), node("node2", "unix:///s/nodes/node2/docker.sock"),
    ]
    #expect(BackupJobs.dockerSocketSource(nodes: sandbox) == "/s/nodes/{{.Node.Hostname}}/docker.sock")
    let real = [node("pi1", "ssh://pi1"), node("pi2", "tcp://10.0.0.2:2376")]
    #expect(BackupJobs.dockerSocketSource(nodes: real) == "/var/run/docker.sock")
    // One local node (a one-node sandbox, or the machine skep runs on): its own socket path.
    #expect(BackupJobs.dockerSocketSource(nodes: [sandbox[0]]) == "/s/nodes/node1/docker.sock")
    #expect(
      BackupJobs.dockerSocketSource(nodes: [node("nuc", "unix:///var/run/docker.sock")]) == "/var/run/docker.sock")
    // Mixed local and remote: the default.
    #expect(BackupJobs.dockerSocketSource(nodes: [sandbox[0], real[0]]) == "/var/run/docker.sock")
  }

  @Test func passwordsAre32RandomBytesInBase64URL() {
    let one = ResticPasswordGenerator.generate()
    #expect(one.count == 43)
    #expect(one.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    #expect(one != ResticPasswordGenerator.generate())
    #expect(ResticPasswordGenerator.base64URL([0xfb, 0xff]) == "-_8")
  }
}
