import SkepConfig

/// The `--rules-json` argument of `skep agent backup`, from the inventory's per-volume rules, through the agent's own
/// ``AgentBackupRules`` (one wire format). Holds no secret (the inventory never has one), so it may sit in the
/// job's command.
public enum AgentRulesJSON {
  /// The JSON text, keys sorted; nil when there are no rules.
  public static func encode(_ rules: [String: VolumeRule]) throws -> String? {
    guard !rules.isEmpty else { return nil }
    return try AgentBackupRules(rules: rules).json()
  }
}
