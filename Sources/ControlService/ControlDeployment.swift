import Backup
import DockerEngine
import Foundation

/// The `skep-control` service as a pure value: one replica on a manager, the schedule's owner.
///
/// Its inventory, dashboard password and notification credentials reach it as swarm secrets (files under
/// /run/secrets, never in the spec); its history lives on the `skep-control-history` volume, which the skep volume
/// driver moves with it between managers when the driver runs. The dashboard is published in host mode on the
/// manager that runs it (no routing mesh needed).
public struct ControlDeployment: Sendable, Hashable {
  public static let serviceName = "skep-control"
  public static let label = "skep.control"
  public static let historyVolume = "skep-control-history"
  public static let historyDirectory = "/var/lib/skep-control"
  public static let historyFile = historyDirectory + "/history.sqlite"
  public static let pluginDirectory = "/run/docker/plugins"
  public static let defaultPort = 8484
  /// The service's own binary in the skep image, beside `skep` (which its jobs run): it links only what the service
  /// needs, so it stays small in memory.
  public static let serviceBinary = "skep-control"

  /// What one secret is for, and the file name it has inside the container.
  public enum SecretRole: String, Sendable, Hashable, CaseIterable {
    case inventory = "skep-control-inventory"
    case password = "skep-control-password"
    case smtpPassword = "skep-control-smtp-password"
    case webhookToken = "skep-control-webhook-token"

    /// `/run/secrets/NAME` inside the container, whatever version of the secret is attached.
    public var path: String { "/run/secrets/\(rawValue)" }
  }

  /// A secret the service uses: its role, and the swarm secret (a versioned name: secrets cannot change).
  public struct AttachedSecret: Sendable, Hashable {
    public var role: SecretRole
    public var id: String
    public var name: String

    public init(role: SecretRole, id: String, name: String) {
      self.role = role
      self.id = id
      self.name = name
    }
  }

  public var image: String
  public var port: Int
  /// What the dashboard calls the swarm: the folder holding skep.yml, or the inventory file's own name.
  public var clusterName: String
  /// The Docker socket on the node (may hold `{{.Node.Hostname}}`, as the agent's does).
  public var dockerSocketSource: String
  /// `skep` when the volume driver runs (the history follows the service), else nil (the local driver).
  public var historyDriver: String?
  public var secrets: [AttachedSecret]

  public init(
    image: String, port: Int, clusterName: String = "skep", dockerSocketSource: String, historyDriver: String?,
    secrets: [AttachedSecret]
  ) {
    self.image = image
    self.port = port
    self.clusterName = clusterName
    self.dockerSocketSource = dockerSocketSource
    self.historyDriver = historyDriver
    self.secrets = secrets
  }

  public func secret(_ role: SecretRole) -> AttachedSecret? { secrets.first { $0.role == role } }

  /// The container's command: the slim ``serviceBinary`` with the files the secrets become.
  public var command: [String] {
    var arguments = [
      Self.serviceBinary, "--inventory", SecretRole.inventory.path, "--history", Self.historyFile,
      "--port", String(port), "--job-image", image, "--cluster-name", clusterName,
    ]
    if secret(.password) != nil { arguments += ["--password-file", SecretRole.password.path] }
    if secret(.smtpPassword) != nil { arguments += ["--smtp-password-file", SecretRole.smtpPassword.path] }
    if secret(.webhookToken) != nil { arguments += ["--webhook-token-file", SecretRole.webhookToken.path] }
    if historyDriver == "skep" { arguments += ["--snapshot-history"] }
    return arguments
  }

  public func serviceSpec() -> ServiceSpec {
    var mounts: [ContainerSpec.Mount] = [
      .init(type: "bind", source: dockerSocketSource, target: "/var/run/docker.sock"),
      .init(
        type: "volume", source: Self.historyVolume, target: Self.historyDirectory,
        volumeOptions: .init(
          labels: [Self.label: "history"], driverConfig: historyDriver.map { .init(name: $0) })),
    ]
    if historyDriver == "skep" {
      mounts.append(.init(type: "bind", source: Self.pluginDirectory, target: Self.pluginDirectory))
    }
    let references = secrets.map {
      ContainerSpec.SecretReference(
        secretID: $0.id, secretName: $0.name, file: .init(name: $0.role.rawValue, uid: "0", gid: "0", mode: 0o400))
    }
    let labels = [Self.label: "service"]
    let container = ContainerSpec(
      image: image, command: command,
      env: [
        "\(BackupJobs.nodeVariable)={{.Node.Hostname}}", "SKEP_MANAGER_ENDPOINT=unix:///var/run/docker.sock",
        // glibc gives each thread that allocates its own malloc arena; two are plenty for a service that idles.
        "MALLOC_ARENA_MAX=2",
      ],
      mounts: mounts, labels: labels, secrets: references)
    return ServiceSpec(
      name: Self.serviceName, labels: labels,
      taskTemplate: TaskTemplate(
        containerSpec: container, restartPolicy: .init(condition: "any"),
        placement: .init(constraints: ["node.role==manager"])),
      mode: .replicated(replicas: 1),
      endpointSpec: EndpointSpec(ports: [.init(targetPort: port, publishedPort: port, publishMode: "host")]))
  }

  /// The dashboard's name for the swarm of an inventory file: its own name (`lab.yml` → `lab`), or the folder's for
  /// a file named skep.yml.
  public static func clusterName(inventoryFile: String) -> String {
    let url = URL(fileURLWithPath: inventoryFile)
    let stem = url.deletingPathExtension().lastPathComponent
    let folder = url.deletingLastPathComponent().lastPathComponent
    return stem == "skep" && !folder.isEmpty && folder != "/" ? folder : stem
  }

  /// The label holding a digest of the spec skep asked for: the swarm fills in defaults, so the spec it returns
  /// never equals ours, but the label does when nothing changed (set by `skep control deploy`).
  public static let specLabel = "skep.control.spec"
}
