extension NodePlan {
  /// The plan for people (`--dry-run`): per change its step, summary, notes and diff; then what is left alone,
  /// the problems and what dockerd needs. "nothing to change" for an empty plan. Secrets never appear: summaries
  /// and diffs are redacted when planned.
  public func rendered() -> String {
    var out: [String] = []
    for change in changes {
      out.append("\(change.step.rawValue): \(change.summary)")
      out += change.notes.map { "  (\($0))" }
      if !change.diff.isEmpty {
        out += change.diff.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "  \($0)" }
      }
    }
    for item in leftAlone {
      out.append("\(item.step.rawValue): \(item.summary) (\(Self.sandboxNote))")
    }
    for problem in problems {
      out.append("problem: \(problem)")
    }
    switch docker {
    case .none: break
    case .reload: out.append("dockerd: reload (SIGHUP)")
    case .restart: out.append("dockerd: restart (the node is drained first)")
    }
    if out.isEmpty { out.append("nothing to change") }
    return out.joined(separator: "\n") + "\n"
  }
}
