/// The only error the inventory loader throws: what is wrong, and where.
///
/// Every problem found in the file carries the location of the offending node, key or value; only problems that are
/// not about the file's content (for example a missing file) have no location.
public struct InventoryError: Error, Sendable, CustomStringConvertible {
  /// Where the problem is, when it is in the file.
  public var location: SourceLocation?
  /// What is wrong and what was expected, in one sentence without a trailing period.
  public var message: String

  /// Creates an error.
  public init(location: SourceLocation?, message: String) {
    self.location = location
    self.message = message
  }

  /// `skep.yml:7:5: error: duplicate node name 'node2' (first defined at skep.yml:3:5)`, or
  /// `error: …` when the error has no location.
  public var description: String {
    guard let location else { return "error: \(message)" }
    return "\(location): error: \(message)"
  }
}
