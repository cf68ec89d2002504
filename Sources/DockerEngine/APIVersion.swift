/// A Docker Engine API version such as `1.41`.
public struct APIVersion: Sendable, Comparable, Hashable, CustomStringConvertible, Codable {
  /// The major number (always 1 so far).
  public var major: Int
  /// The minor number, e.g. 41 for Docker 20.10.
  public var minor: Int

  /// Creates a version from its two numbers.
  public init(major: Int, minor: Int) {
    self.major = major
    self.minor = minor
  }

  /// Parses `"1.41"` (an optional leading `v` is accepted). Returns nil for anything else.
  public init?(_ string: String) {
    var text = Substring(string)
    if text.hasPrefix("v") { text = text.dropFirst() }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else {
      return nil
    }
    self.init(major: major, minor: minor)
  }

  public var description: String { "\(major).\(minor)" }

  public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
    (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let string = try container.decode(String.self)
    guard let version = APIVersion(string) else {
      throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an API version: \(string)")
    }
    self = version
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
