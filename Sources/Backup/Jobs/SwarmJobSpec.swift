import DockerEngine
import Foundation

/// What one swarm job of the skep image runs, as a pure value: `serviceSpec(secretID:)` is the exact service skep
/// creates, so tests can read it.
///
/// Secrets never appear here: the repository password reaches the container only as the swarm secret mounted at
/// ``passwordFile``; `environment` is for non-secret values (the repository location, the node name template).
public struct SwarmJobSpec: Sendable, Hashable {
  /// Where a job runs.
  public enum Placement: Sendable, Hashable {
    /// A `GlobalJob`: one task on every node but the excluded ones (`node.hostname!=X` for each: constraints are
    /// all required, so "these nodes" is said as "not the others").
    case everyNode(excluding: [String])
    /// A `ReplicatedJob` with one task: on the named node, or on any manager when nil.
    case oneTask(node: String?)
  }

  /// A `GlobalJob` on `wanted` nodes (every node when empty) of a swarm whose nodes are `all`.
  public static func placement(on wanted: [String], among all: [String]) -> Placement {
    .everyNode(excluding: wanted.isEmpty ? [] : all.filter { !wanted.contains($0) })
  }

  /// The swarm secret holding the restic password.
  public static let passwordSecretName = "skep-restic-password"
  /// Where that secret appears inside the job's containers.
  public static let passwordFile = "/run/secrets/skep-restic-password"
  /// Where the nodes' Docker volumes appear (read-only) inside the job's containers.
  public static let volumesTarget = "/skep/volumes"
  /// The nodes' volume directory.
  public static let volumesSource = "/var/lib/docker/volumes"
  /// Where the node's Docker socket appears inside the job's containers.
  public static let dockerSocketTarget = "/var/run/docker.sock"
  /// The node's legacy plugin folder (dockerd creates it), where the skep volume driver's socket is when its agent
  /// runs; the backup agent asks it to snapshot the driver volumes this node holds.
  public static let pluginsSource = "/run/docker/plugins"
  /// Where that folder appears inside the job's containers.
  public static let pluginsTarget = "/skep/plugins"
  /// The node-local volume that keeps restic's cache between backup runs (index and tree blobs: an unchanged rerun
  /// then reads almost nothing from the repository). Labelled `skep.backup=false`, so it is never backed up, and
  /// `skep clean` keeps it.
  public static let resticCacheVolume = "skep-restic-cache"
  /// Where that volume appears inside the job's containers (`RESTIC_CACHE_DIR`).
  public static let resticCacheTarget = "/skep/cache"
  /// The label every skep job carries, with its kind as value (`skep.job=backup`).
  public static let jobLabel = "skep.job"

  /// `skep-backup-20261125T004318Z` (unique per second; ``uniqueName(prefix:at:suffix:)`` adds a suffix).
  public var name: String
  public var image: String
  /// The container's command (replaces the image's `skep` entrypoint).
  public var command: [String]
  /// `KEY=value` entries; never a secret.
  public var environment: [String]
  public var placement: Placement
  /// The repository's local path, bind-mounted at the same path; nil for `sftp:`/`s3:` repositories.
  public var repositoryPath: String?
  /// Mount the node's volumes (read-only) and Docker socket: backup jobs need them, restic-only jobs do not.
  public var mountsNodeData: Bool
  /// The Docker socket on the node (a path, may hold `{{.Node.Hostname}}`).
  public var dockerSocketSource: String
  /// Labels on the service: always ``jobLabel``.
  public var labels: [String: String]

  /// Creates a job description.
  public init(
    name: String, image: String, command: [String], environment: [String] = [], placement: Placement,
    repositoryPath: String?, mountsNodeData: Bool, dockerSocketSource: String = "/var/run/docker.sock",
    kind: String = "backup"
  ) {
    self.name = name
    self.image = image
    self.command = command
    self.environment = environment
    self.placement = placement
    self.repositoryPath = repositoryPath
    self.mountsNodeData = mountsNodeData
    self.dockerSocketSource = dockerSocketSource
    self.labels = [Self.jobLabel: kind]
  }

  /// `PREFIX-YYYYMMDDTHHMMSSZ-SUFFIX` in UTC: sortable, and unique with a random suffix.
  public static func uniqueName(prefix: String = "skep-backup", at date: Date = Date(), suffix: String? = nil)
    -> String
  {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
    let random = suffix ?? String(UUID().uuidString.prefix(4).lowercased())
    return "\(prefix)-\(formatter.string(from: date))-\(random)"
  }

  /// The mounts: docker socket and volumes (read-only) when ``mountsNodeData``, the repository at its own path.
  public var mounts: [ContainerSpec.Mount] {
    var mounts: [ContainerSpec.Mount] = []
    if mountsNodeData {
      mounts.append(.init(type: "bind", source: dockerSocketSource, target: Self.dockerSocketTarget))
      mounts.append(.init(type: "bind", source: Self.volumesSource, target: Self.volumesTarget, readOnly: true))
      mounts.append(.init(type: "bind", source: Self.pluginsSource, target: Self.pluginsTarget))
      mounts.append(
        .init(
          type: "volume", source: Self.resticCacheVolume, target: Self.resticCacheTarget,
          volumeOptions: .init(labels: ["skep.backup": "false"])))
    }
    if let repositoryPath {
      mounts.append(.init(type: "bind", source: repositoryPath, target: repositoryPath))
    }
    return mounts
  }

  /// The placement constraints.
  public var constraints: [String] {
    switch placement {
    case .everyNode(let excluded):
      return excluded.sorted().map { "node.hostname!=\($0)" }
    case .oneTask(let node):
      return node.map { ["node.hostname==\($0)"] } ?? ["node.role==manager"]
    }
  }

  /// The service mode.
  public var mode: ServiceMode {
    switch placement {
    case .everyNode: return .globalJob
    case .oneTask: return .replicatedJob(maxConcurrent: 1, totalCompletions: 1)
    }
  }

  /// The service skep creates, given the password secret's ID (and other secrets to mount, by ID and name).
  public func serviceSpec(secretID: String, extraSecrets: [(id: String, name: String)] = []) -> ServiceSpec {
    let secrets = ([(secretID, Self.passwordSecretName)] + extraSecrets).map { id, name in
      ContainerSpec.SecretReference(
        secretID: id, secretName: name, file: .init(name: name, uid: "0", gid: "0", mode: 0o400))
    }
    let container = ContainerSpec(
      image: image, command: command, env: environment.isEmpty ? nil : environment, mounts: mounts,
      labels: labels, secrets: secrets)
    return ServiceSpec(
      name: name, labels: labels,
      taskTemplate: TaskTemplate(
        containerSpec: container, restartPolicy: .init(condition: "none"),
        placement: constraints.isEmpty ? nil : .init(constraints: constraints)),
      mode: mode)
  }
}
