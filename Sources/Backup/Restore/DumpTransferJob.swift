import DockerEngine
import SkepConfig

/// The one-task job that writes a dump snapshot's file into a database container's volume on its node, where the
/// database's own client can read it (skep's engine client cannot attach to an exec's stdin).
///
/// The file is written with umask 077 at `/restore/NAME` (the volume mounted by ``RestoreJob/serviceSpec(_:volume:secretID:)``),
/// removed again when `restic dump` fails, and the job prints one ``RestoreJobOutput`` line with its size.
public enum DumpTransferJob {
  /// The script; `$1` snapshot id, `$2` file in the snapshot, `$3` file name in the volume.
  static let script = """
    set -u
    umask 077
    if ! restic --no-cache dump "$1" "$2" > "/restore/$3"; then rm -f "/restore/$3"; exit 1; fi
    printf '{"status":"ok","entries":0,"files":1,"bytes":%s}\\n' "$(stat -c %s "/restore/$3")"
    """

  /// The job's description.
  public static func spec(
    name: String, image: String, repository: String, repositoryKind: BackupRepositoryKind, node: String,
    snapshotID: String, snapshotFile: String, fileName: String
  ) -> SwarmJobSpec {
    SwarmJobSpec(
      name: name, image: image,
      command: ["sh", "-c", script, "skep-dump-transfer", snapshotID, snapshotFile, fileName],
      environment: ["RESTIC_REPOSITORY=\(repository)", "RESTIC_PASSWORD_FILE=\(SwarmJobSpec.passwordFile)"],
      placement: .oneTask(node: node), repositoryPath: repositoryKind == .local ? repository : nil,
      mountsNodeData: false, kind: "restore")
  }
}
