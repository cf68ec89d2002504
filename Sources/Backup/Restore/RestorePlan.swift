import DockerEngine
import Foundation

/// The decisions of `skep restore` before any job runs, as pure values: which snapshot, and whether the target
/// volume may be written at all.
public enum RestorePlan {
  /// Why a restore cannot go ahead.
  public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// No `kind=files` snapshot of the volume exists.
    case noSnapshot(volume: String)
    /// `--snapshot ID` names no `kind=files` snapshot of the volume.
    case unknownSnapshot(id: String, volume: String, known: [String])
    /// Containers (running or not) use the target volume: a running writer would corrupt the restore.
    case inUse(volume: String, node: String, containers: [String])

    /// One message for people.
    public var description: String {
      switch self {
      case .noSnapshot(let volume):
        return "the repository holds no files snapshot of volume \(volume) (tags volume=\(volume),kind=files)"
      case .unknownSnapshot(let id, let volume, let known):
        let list = known.isEmpty ? "none" : known.joined(separator: ", ")
        return "no files snapshot \(id) of volume \(volume) (its snapshots: \(list))"
      case .inUse(let volume, let node, let containers):
        return "volume \(volume) on \(node) is used by container\(containers.count == 1 ? "" : "s") "
          + "\(containers.joined(separator: ", ")); remove \(containers.count == 1 ? "it" : "them") first "
          + "(a restore never writes under a container)"
      }
    }
  }

  /// The snapshot to restore among `snapshots` (any order): the newest `kind=files` snapshot of `volume` for
  /// `latest`, else the one whose id starts with `wanted`.
  public static func snapshot(_ wanted: String, volume: String, among snapshots: [Snapshot]) throws(Refusal)
    -> Snapshot
  {
    let candidates = snapshots.filter { $0.skepTags.volume == volume && $0.skepTags.kind == .files }
      .sorted { $0.time < $1.time }
    guard let newest = candidates.last else { throw .noSnapshot(volume: volume) }
    if wanted == "latest" { return newest }
    let lowered = wanted.lowercased()
    let matches = candidates.filter { !lowered.isEmpty && $0.id.hasPrefix(lowered) }
    guard matches.count == 1, let match = matches.first else {
      throw .unknownSnapshot(id: wanted, volume: volume, known: candidates.map(\.shortID))
    }
    return match
  }

  /// Refuses when any container (running or not) of `node` mounts `volume`. Finished skep job containers (label
  /// `skep.job`, exited: a removed job's task container lingers a moment) write nothing and do not count.
  public static func checkUnused(volume: String, node: String, containers: [ContainerSummary]) throws(Refusal) {
    let users = containers.filter { container in
      let finishedJob =
        container.labels?[SwarmJobSpec.jobLabel] != nil && ["exited", "dead"].contains(container.state ?? "")
      return !finishedJob && (container.mounts?.contains { $0.type == "volume" && $0.name == volume } ?? false)
    }
    guard !users.isEmpty else { return }
    let names = users.map { container in
      let name = container.names?.first.map { String($0.drop { $0 == "/" }) } ?? String(container.id.prefix(12))
      return "\(name) (\(container.state ?? "unknown"))"
    }
    throw .inUse(volume: volume, node: node, containers: names.sorted())
  }
}
