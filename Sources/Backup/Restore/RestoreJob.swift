import DockerEngine
import SkepConfig

/// The one-task swarm job that writes a snapshot into a volume on one node: the skep image pinned to the node, the
/// volume mounted by name at ``target`` (swarm creates it there when missing), the repository and password like
/// every restic job.
///
/// Inside, a small shell script checks the volume is empty (or empties it with `force`), runs
/// `restic restore ID --target /restore` (snapshot roots are the volume's content, so files land at the volume's
/// root), and prints one ``RestoreJobOutput`` JSON line.
public enum RestoreJob {
  /// Where the volume appears inside the job's container.
  public static let target = "/restore"

  /// The script; `$1` is the snapshot id, `$2` is `force` or `keep`.
  static let script = """
    set -u
    entries=$(find /restore -mindepth 1 -maxdepth 1 | wc -l)
    if [ "$entries" -gt 0 ]; then
      if [ "$2" != force ]; then
        printf '{"status":"notEmpty","entries":%d}\\n' "$entries"
        exit 3
      fi
      find /restore -mindepth 1 -maxdepth 1 -exec rm -rf {} + || exit 1
    fi
    restic --no-cache restore "$1" --target /restore || exit $?
    files=$(find /restore -type f | wc -l)
    bytes=$(find /restore -type f -printf '%s\\n' | awk '{ s += $1 } END { printf "%d", s }')
    printf '{"status":"ok","entries":%d,"files":%d,"bytes":%s}\\n' "$entries" "$files" "${bytes:-0}"
    """

  /// The job's description (without the volume mount, which ``serviceSpec(_:volume:secretID:)`` adds).
  public static func spec(
    name: String, image: String, repository: String, repositoryKind: BackupRepositoryKind, node: String,
    snapshotID: String, force: Bool
  ) -> SwarmJobSpec {
    SwarmJobSpec(
      name: name, image: image,
      command: ["sh", "-c", script, "skep-restore", snapshotID, force ? "force" : "keep"],
      environment: ["RESTIC_REPOSITORY=\(repository)", "RESTIC_PASSWORD_FILE=\(SwarmJobSpec.passwordFile)"],
      placement: .oneTask(node: node), repositoryPath: repositoryKind == .local ? repository : nil,
      mountsNodeData: false, kind: "restore")
  }

  /// The service skep creates: `job`'s, plus the target volume mounted read-write at ``target``.
  public static func serviceSpec(_ job: SwarmJobSpec, volume: String, secretID: String) -> ServiceSpec {
    var spec = job.serviceSpec(secretID: secretID)
    var mounts = spec.taskTemplate.containerSpec.mounts ?? []
    mounts.append(ContainerSpec.Mount(type: "volume", source: volume, target: target))
    spec.taskTemplate.containerSpec.mounts = mounts
    return spec
  }
}
