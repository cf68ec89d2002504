import DockerEngine
import Foundation

/// A planned move of the service that uses a skep volume: its placement pinned to another node. Pure: the command
/// finds the service, applies ``constraints(_:to:)`` and watches the tasks.
public enum PlannedMove {
  /// Whether `spec` mounts `volume` (with the skep driver, or with none given: a node then uses the skep volume of
  /// that name if it has one).
  public static func uses(_ spec: ServiceSpec, volume: String) -> Bool {
    (spec.taskTemplate.containerSpec.mounts ?? []).contains { mount in
      mount.type == "volume" && mount.source == volume
    }
  }

  /// The placement constraints with every `node.hostname` rule replaced by `node.hostname==NODE`.
  public static func constraints(_ current: [String], to node: String) -> [String] {
    current.filter { !$0.replacingOccurrences(of: " ", with: "").hasPrefix("node.hostname") }
      + ["node.hostname==\(node)"]
  }

  /// Docker's task timestamps (RFC 3339 with up to nanoseconds) as dates.
  public static func date(_ timestamp: String?) -> Date? {
    guard var text = timestamp else { return nil }
    if let dot = text.firstIndex(of: "."), let zone = text[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" }) {
      let fraction = text[text.index(after: dot)..<zone].prefix(3)
      text =
        String(text[..<dot]) + "." + fraction.padding(toLength: 3, withPad: "0", startingAt: 0)
        + String(text[zone...])
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)
  }
}
