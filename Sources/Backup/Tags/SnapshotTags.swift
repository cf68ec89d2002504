import Foundation

/// What a skep snapshot is about, written as restic tags: `volume=NAME` plus `kind=`, `node=`, `stack=`, `service=`.
///
/// Snapshots are keyed by volume, never by host: every skep snapshot has the fixed restic host ``fixedHost`` and the
/// node only as a tag, so any node can find and restore any volume, and restic's grouping never splits a volume's
/// history across nodes. Values are percent-encoded for ',' and '%' (restic splits `--tag a,b` into two tags), so
/// rendering then parsing gives back the same value.
public struct SnapshotTags: Sendable, Hashable, Codable {
  /// The restic `--host` of every skep snapshot.
  public static let fixedHost = "skep"

  /// What the snapshot holds.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The volume's files.
    case files
    /// A logical database dump streamed through `--stdin`.
    case dump
  }

  public var volume: String
  public var kind: Kind?
  public var node: String?
  public var stack: String?
  public var service: String?
  /// Tags that are not skep's, kept as they are.
  public var other: [String]

  /// Creates tags for a volume.
  public init(
    volume: String, kind: Kind? = nil, node: String? = nil, stack: String? = nil, service: String? = nil,
    other: [String] = []
  ) {
    self.volume = volume
    self.kind = kind
    self.node = node
    self.stack = stack
    self.service = service
    self.other = other
  }

  /// Reads restic's tags; a snapshot without `volume=` gets an empty ``volume``.
  public init(parsing tags: [String]) {
    self.init(volume: "")
    for tag in tags {
      guard let equals = tag.firstIndex(of: "=") else {
        other.append(tag)
        continue
      }
      let value = Self.decode(String(tag[tag.index(after: equals)...]))
      switch tag[..<equals] {
      case "volume": volume = value
      case "node": node = value
      case "stack": stack = value
      case "service": service = value
      case "kind":
        if let kind = Kind(rawValue: value) { self.kind = kind } else { other.append(tag) }
      default: other.append(tag)
      }
    }
  }

  /// The tags in a stable order: volume, kind, node, stack, service, then the others.
  public var rendered: [String] {
    var tags = ["volume=\(Self.encode(volume))"]
    if let kind { tags.append("kind=\(kind.rawValue)") }
    if let node { tags.append("node=\(Self.encode(node))") }
    if let stack { tags.append("stack=\(Self.encode(stack))") }
    if let service { tags.append("service=\(Self.encode(service))") }
    return tags + other.filter { !$0.contains(",") }
  }

  /// The tags that identify one retention group: the volume and, when set, the kind (never node or service, which
  /// change when a volume moves).
  public var groupKey: SnapshotTags { SnapshotTags(volume: volume, kind: kind) }

  /// A `--tag` filter that selects snapshots carrying all of this value's rendered tags (restic reads a comma as
  /// "and" inside one `--tag`).
  public var filter: String { rendered.joined(separator: ",") }

  static func encode(_ value: String) -> String {
    value.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: ",", with: "%2C")
  }

  static func decode(_ value: String) -> String {
    value.replacingOccurrences(of: "%2C", with: ",").replacingOccurrences(of: "%25", with: "%")
  }
}
