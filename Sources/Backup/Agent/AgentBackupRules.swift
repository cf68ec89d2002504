import Foundation
import SkepConfig

/// The inventory's per-volume rules as the CLI hands them to `skep agent backup --rules-json`:
/// `{"volumes": {NAME: {"backup": bool, "consistency": "pause|stop|none", "exclude": [..]}}}`.
///
/// Every key of a rule is optional when decoding (`backup` defaults to true, `exclude` to none); a volume without a
/// rule gets the default ``VolumeRule``.
public struct AgentBackupRules: Sendable, Hashable, Codable {
  /// One volume's rule on the wire.
  public struct Rule: Sendable, Hashable, Codable {
    public var backup: Bool
    public var consistency: ConsistencyMode?
    public var exclude: [String]

    /// Creates a rule.
    public init(backup: Bool = true, consistency: ConsistencyMode? = nil, exclude: [String] = []) {
      self.backup = backup
      self.consistency = consistency
      self.exclude = exclude
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      backup = try container.decodeIfPresent(Bool.self, forKey: .backup) ?? true
      consistency = try container.decodeIfPresent(ConsistencyMode.self, forKey: .consistency)
      exclude = try container.decodeIfPresent([String].self, forKey: .exclude) ?? []
    }
  }

  /// Rules by exact volume name.
  public var volumes: [String: Rule]

  /// Creates rules.
  public init(volumes: [String: Rule] = [:]) {
    self.volumes = volumes
  }

  /// The rules of `skep.yml`'s `backup.volumes`.
  public init(rules: [String: VolumeRule]) {
    self.init(
      volumes: rules.mapValues { Rule(backup: $0.backup, consistency: $0.consistency, exclude: $0.exclude) })
  }

  /// The rule for `volume` (the default rule when it has none).
  public func rule(for volume: String) -> VolumeRule {
    guard let rule = volumes[volume] else { return VolumeRule() }
    return VolumeRule(backup: rule.backup, consistency: rule.consistency, exclude: rule.exclude)
  }

  /// Reads `--rules-json`.
  public static func decode(json: String) throws -> AgentBackupRules {
    try JSONDecoder().decode(AgentBackupRules.self, from: Data(json.utf8))
  }

  /// The value for `--rules-json` (sorted keys, one line).
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }
}
