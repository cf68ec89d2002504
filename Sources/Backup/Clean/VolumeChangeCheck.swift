import DockerEngine
import Foundation

/// The one-task job that tells whether volumes changed after their newest snapshot, for one node: the skep image
/// pinned to the node, each volume mounted read-only at `/v/NAME`, and for each
/// `find /v/NAME -xdev -newerct @EPOCH -print -quit`.
///
/// ctime, not mtime: tar or rsync can set an mtime in the past, nobody can set a ctime; removing a file changes its
/// directory's ctime, so deletions count too. The epoch is the snapshot's time rounded down, so a change within
/// that second counts as a change.
public enum VolumeChangeCheck {
  /// Where the volumes appear inside the job's container.
  public static let root = "/v"
  /// The job's `skep.job` label value.
  public static let kind = "clean-check"
  /// The prefix of the script's result lines.
  static let marker = "skep-volume-check"

  /// The script; its arguments are `NAME=EPOCH` pairs. One line per volume: `MARKER changed|unchanged|error NAME`.
  static let script = """
    set -u
    for pair in "$@"; do
      name=${pair%=*}
      epoch=${pair##*=}
      if out=$(find "/v/$name" -xdev -newerct "@$epoch" -print -quit); then
        if [ -n "$out" ]; then r=changed; else r=unchanged; fi
      else
        r=error
      fi
      echo "skep-volume-check $r $name"
    done
    """

  /// The service skep creates for `checks` (all on `node`): no secret, no repository, only the volumes, read-only.
  public static func serviceSpec(name: String, image: String, node: String, checks: [VolumeCheck]) -> ServiceSpec {
    let arguments = checks.map { "\($0.key.volume)=\(Int64(floor($0.since.timeIntervalSince1970)))" }
    let job = SwarmJobSpec(
      name: name, image: image, command: ["sh", "-c", script, "skep-volume-check"] + arguments,
      placement: .oneTask(node: node), repositoryPath: nil, mountsNodeData: false, kind: kind)
    var spec = job.serviceSpec(secretID: "")
    spec.taskTemplate.containerSpec.secrets = nil
    spec.taskTemplate.containerSpec.mounts = checks.map {
      ContainerSpec.Mount(type: "volume", source: $0.key.volume, target: "\(root)/\($0.key.volume)", readOnly: true)
    }
    return spec
  }

  /// Each checked volume's answer from the job's output: true changed, false unchanged, nil not verified (an error,
  /// no line, or a job that did not complete).
  public static func results(node: String, checks: [VolumeCheck], stdout: [String], completed: Bool) -> [VolumeKey:
    Bool?]
  {
    var answers: [String: Bool] = [:]
    for line in stdout {
      let words = line.split(separator: " ", maxSplits: 2).map(String.init)
      guard words.count == 3, words[0] == marker else { continue }
      switch words[1] {
      case "changed": answers[words[2]] = true
      case "unchanged": answers[words[2]] = answers[words[2]] ?? false
      default: continue
      }
    }
    var results: [VolumeKey: Bool?] = [:]
    for check in checks {
      let answer = answers[check.key.volume]
      // A changed volume is changed whatever else happened; "unchanged" counts only from a job that completed.
      results[check.key] = answer == true ? true : (completed ? answer : nil)
    }
    return results
  }

  /// Runs one job per node (one after the other) and gathers the answers; a job that cannot run leaves its
  /// volumes unverified.
  public static func run(_ checks: [VolumeCheck], image: String, runner: SwarmJob) async -> [VolumeKey: Bool?] {
    var results: [VolumeKey: Bool?] = [:]
    let byNode = Dictionary(grouping: checks, by: \.key.node)
    for node in byNode.keys.sorted() {
      let nodeChecks = byNode[node] ?? []
      let name = SwarmJobSpec.uniqueName(prefix: "skep-clean-check")
      let spec = serviceSpec(name: name, image: image, node: node, checks: nodeChecks)
      do {
        let result = try await runner.run(service: spec, name: name, node: node)
        results.merge(
          Self.results(
            node: node, checks: nodeChecks, stdout: result.logs.stdoutLines, completed: result.succeeded),
          uniquingKeysWith: { _, new in new })
      } catch {
        runner.logger.warning("could not check the volumes of \(node): \(error)")
        for check in nodeChecks { results[check.key] = .some(nil) }
      }
    }
    return results
  }
}
