/// Why a Dockerfile could not be understood: where, and what was found against what was expected.
///
/// Every error that comes from the file's text has a location; only problems outside the text (an unreadable file)
/// have none. The description reads `mariadb/Dockerfile:3:6: error: FROM needs an image`.
public struct DockerfileError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Where the problem is, when it is in the text.
  public var location: DockerfileLocation?
  /// What is wrong, in words a user can act on.
  public var message: String

  /// Creates an error.
  public init(_ message: String, at location: DockerfileLocation?) {
    self.location = location
    self.message = message
  }

  public var description: String {
    guard let location else { return "error: \(message)" }
    return "\(location): error: \(message)"
  }
}
