import Foundation
import SkepConfig

/// The `--policy-json` argument of `skep agent forget`: the inventory's `keep:` as `{"daily": 7, …}`. Holds no
/// secret, so it may sit in the job's command.
public enum RetentionPolicyJSON {
  /// The JSON text, keys sorted.
  public static func encode(_ policy: RetentionPolicy) throws -> String {
    let counts = Dictionary(uniqueKeysWithValues: policy.counts.map { ($0.key, $0.count) })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(counts), as: UTF8.self)
  }

  /// Reads the JSON text; unknown keys and negative counts are refused.
  public static func decode(_ text: String) throws -> RetentionPolicy {
    let counts = try JSONDecoder().decode([String: Int].self, from: Data(text.utf8))
    if let unknown = counts.keys.sorted().first(where: { !RetentionPolicy.keys.contains($0) }) {
      throw JobError("unknown retention key \(unknown) (known: \(RetentionPolicy.keys.joined(separator: ", ")))")
    }
    if let negative = counts.first(where: { $0.value < 0 }) {
      throw JobError("keep.\(negative.key) must be 0 or more, found \(negative.value)")
    }
    return RetentionPolicy(
      last: counts["last"], hourly: counts["hourly"], daily: counts["daily"], weekly: counts["weekly"],
      monthly: counts["monthly"], yearly: counts["yearly"])
  }
}
