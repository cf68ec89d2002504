/// A run that backed up nothing because its nodes could not open the repository: every agent checks the repository
/// before it pauses anything, so this is the "nothing was touched" answer to a wrong password, a missing repository or
/// a NAS that is not mounted.
public struct RepositoryRefusal: Sendable, Hashable {
  /// The nodes that could not open it.
  public var nodes: [String]
  /// Why, for the first of them (restic's words, or the missing mount).
  public var reason: String

  /// The refusal, when nothing was backed up and every node that had work either could not open `repository`
  /// (its agent said so) or could not even mount it (the task was rejected for the missing path); nil otherwise,
  /// so any other failure keeps its own report.
  public static func find(
    outcomes: [SwarmJob.NodeOutcome], events: [BackupEvent], repository: String
  ) -> RepositoryRefusal? {
    guard !events.contains(where: { $0.status == .ok }) else { return nil }
    var refused: [(node: String, reason: String)] = []
    for entry in outcomes {
      let failed = events.filter { $0.node == entry.node && $0.status == .failed }
      if !failed.isEmpty {
        guard failed.allSatisfy({ $0.repositoryUnavailable == true }) else { return nil }
        refused.append((entry.node, failed.first?.reason ?? "the repository cannot be opened"))
      } else if case .failed(_, let reason, _) = entry.outcome {
        guard reason.contains("does not exist"), reason.contains(repository) else { return nil }
        refused.append((entry.node, "\(repository) does not exist on the node (is the NAS mounted there?)"))
      } else if !entry.outcome.succeeded {
        return nil
      }
    }
    guard let first = refused.first else { return nil }
    return RepositoryRefusal(nodes: refused.map(\.node), reason: first.reason)
  }
}
