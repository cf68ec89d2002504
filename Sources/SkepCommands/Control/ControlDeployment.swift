import Backup
import Crypto
import DockerEngine
import Foundation

/// The `skep-control` service as a pure value: one replica on a manager, the schedule's owner.
///
/// Its inventory, dashboard password and notification credentials reach it as swarm secrets (files under
/// /run/secrets, never in the spec); its history lives on the `skep-control-history` volume, which the skep volume
/// driver moves with it between managers when the driver runs. The dashboard is published in host mode on the
/// manager that runs it (no routing mesh needed).
struct ControlDeployment: Sendable, Hashable {
  static let serviceName = "skep-control"
  static let label = "skep.control"
  static let historyVolume = "skep-control-history"
  static let historyDirectory = "/var/lib/skep-control"
  static let historyFile = historyDirectory + "/history.sqlite"
  static let pluginDirectory = "/run/docker/plugins"
  static let defaultPort = 8484

  /// What one secret is for, and the file name it has inside the container.
  enum SecretRole: String, Sendable, Hashable, CaseIterable {
    case inventory = "skep-control-inventory"
    case password = "skep-control-password"
    case smtpPassword = "skep-control-smtp-password"
    case webhookToken = "skep-control-webhook-token"

    /// `/run/secrets/NAME` inside the container, whatever version of the secret is attached.
    var path: String { "/run/secrets/\(rawValue)" }
  }

  /// A secret the service uses: its role, and the swarm secret (a versioned name: secrets cannot change).
  struct AttachedSecret: Sendable, Hashable {
    var role: SecretRole
    var id: String
    var name: String
  }

  var image: String
  var port: Int
  /// What the dashboard calls the swarm: the folder holding skep.yml, or the inventory file's own name.
  var clusterName: String = "skep"
  /// The Docker socket on the node (may hold `{{.Node.Hostname}}`, as the agent's does).
  var dockerSocketSource: String
  /// `skep` when the volume driver runs (the history follows the service), else nil (the local driver).
  var historyDriver: String?
  var secrets: [AttachedSecret]

  func secret(_ role: SecretRole) -> AttachedSecret? { secrets.first { $0.role == role } }

  /// The container's command: `skep control serve` with the files the secrets become.
  var command: [String] {
    var arguments = [
      "skep", "control", "serve", "--inventory", SecretRole.inventory.path, "--history", Self.historyFile,
      "--port", String(port), "--job-image", image, "--cluster-name", clusterName,
    ]
    if secret(.password) != nil { arguments += ["--password-file", SecretRole.password.path] }
    if secret(.smtpPassword) != nil { arguments += ["--smtp-password-file", SecretRole.smtpPassword.path] }
    if secret(.webhookToken) != nil { arguments += ["--webhook-token-file", SecretRole.webhookToken.path] }
    if historyDriver == "skep" { arguments += ["--snapshot-history"] }
    return arguments
  }

  func serviceSpec() -> ServiceSpec {
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

  /// SHA-256 of `data` in lowercase hex.
  static func hex(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }

  /// The dashboard's name for the swarm of an inventory file: its own name (`lab.yml` → `lab`), or the folder's for
  /// a file named skep.yml.
  static func clusterName(inventoryFile: String) -> String {
    let url = URL(fileURLWithPath: inventoryFile)
    let stem = url.deletingPathExtension().lastPathComponent
    let folder = url.deletingLastPathComponent().lastPathComponent
    return stem == "skep" && !folder.isEmpty && folder != "/" ? folder : stem
  }

  /// The label holding a digest of the spec skep asked for: the swarm fills in defaults, so the spec it returns
  /// never equals ours, but the label does when nothing changed.
  static let specLabel = "skep.control.spec"

  /// The spec with ``specLabel`` set.
  func labelledServiceSpec() throws -> ServiceSpec {
    var spec = serviceSpec()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let digest = Self.hex(try encoder.encode(spec))
    spec.labels?[Self.specLabel] = String(digest.prefix(16))
    return spec
  }

  /// The versioned name of a secret holding `data`: `ROLE-` and the first 12 hex digits of its SHA-256, so a change
  /// gives a new secret and an unchanged one is reused.
  static func secretName(_ role: SecretRole, data: Data) -> String {
    "\(role.rawValue)-\(hex(data).prefix(12))"
  }
}
