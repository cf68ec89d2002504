import Backup
import DockerEngine
import Foundation

/// The `skep-agent` global service as a pure value: what runs on every node to serve the volume driver.
///
/// Mounts, all at the same path inside as on the host: the plugin folder (dockerd finds `skep.sock` there), the
/// volumes root, the folder holding the repository (so the lease folder and an unmounted share are seen live), the
/// Docker socket, and the node-local restic cache volume. The repository password is the swarm secret that `skep
/// backup init` made; it never appears in the spec.
public struct AgentDeployment: Sendable, Hashable {
  /// The service name.
  public static let serviceName = "skep-agent"
  /// The label on the service and its containers.
  public static let label = "skep.agent"
  /// The password secret's name and path inside the container: the backup jobs' own.
  public static let passwordSecretName = SwarmJobSpec.passwordSecretName
  public static let passwordFile = SwarmJobSpec.passwordFile
  /// The plugin folder.
  public static let pluginDirectory = "/run/docker/plugins"

  public var image: String
  /// The repository: an absolute path every node mounts (a NAS share).
  public var repository: String
  /// The Docker socket on the node (may hold `{{.Node.Hostname}}`).
  public var dockerSocketSource: String
  public var root: String
  public var leaseTTL: TimeInterval
  public var heartbeat: TimeInterval
  public var snapshotInterval: TimeInterval
  public var restoreWait: TimeInterval

  /// Creates a deployment.
  public init(
    image: String, repository: String, dockerSocketSource: String = "/var/run/docker.sock",
    root: String = VolumeAgentDefaults.volumesRoot, leaseTTL: TimeInterval = 45, heartbeat: TimeInterval = 10,
    snapshotInterval: TimeInterval = 3600, restoreWait: TimeInterval = 30
  ) {
    self.image = image
    self.repository = repository
    self.dockerSocketSource = dockerSocketSource
    self.root = root
    self.leaseTTL = leaseTTL
    self.heartbeat = heartbeat
    self.snapshotInterval = snapshotInterval
    self.restoreWait = restoreWait
  }

  /// The folder holding the repository, mounted whole so that a share that goes away is seen as gone.
  public var storeDirectory: String {
    let parent = (repository as NSString).deletingLastPathComponent
    return parent.isEmpty ? "/" : parent
  }

  /// Host folders that must exist before the service's bind mounts can be made (swarm refuses missing sources).
  public var hostDirectories: [String] { [root, Self.pluginDirectory] }

  /// The container's command: `skep agent serve` with this node's name from the task's environment.
  public var command: [String] {
    let arguments = [
      "--repository", repository, "--password-file", Self.passwordFile, "--root", root,
      "--lease-ttl", Self.seconds(leaseTTL), "--heartbeat", Self.seconds(heartbeat),
      "--snapshot-interval", Self.seconds(snapshotInterval), "--restore-wait", Self.seconds(restoreWait),
      "--docker", "unix:///var/run/docker.sock",
    ]
    return ["sh", "-c", "exec skep agent serve --node \"$SKEP_NODE\" \"$@\"", "skep-agent"] + arguments
  }

  /// The service spec, given the password secret's ID.
  public func serviceSpec(secretID: String) -> ServiceSpec {
    let mounts: [ContainerSpec.Mount] = [
      .init(type: "bind", source: Self.pluginDirectory, target: Self.pluginDirectory),
      .init(type: "bind", source: root, target: root),
      .init(type: "bind", source: storeDirectory, target: storeDirectory),
      .init(type: "bind", source: dockerSocketSource, target: "/var/run/docker.sock"),
      .init(
        type: "volume", source: SwarmJobSpec.resticCacheVolume, target: SwarmJobSpec.resticCacheTarget,
        volumeOptions: .init(labels: ["skep.backup": "false"])),
    ]
    let secret = ContainerSpec.SecretReference(
      secretID: secretID, secretName: Self.passwordSecretName,
      file: .init(name: Self.passwordSecretName, uid: "0", gid: "0", mode: 0o400))
    let labels = [Self.label: "volume-driver"]
    let container = ContainerSpec(
      image: image, command: command,
      env: ["\(BackupJobs.nodeVariable)={{.Node.Hostname}}", "RESTIC_CACHE_DIR=\(SwarmJobSpec.resticCacheTarget)"],
      mounts: mounts, labels: labels,
      secrets: [secret])
    return ServiceSpec(
      name: Self.serviceName, labels: labels,
      taskTemplate: TaskTemplate(containerSpec: container, restartPolicy: .init(condition: "any")),
      mode: .global)
  }

  static func seconds(_ value: TimeInterval) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}
