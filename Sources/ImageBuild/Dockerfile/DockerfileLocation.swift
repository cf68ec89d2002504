/// A place in a Dockerfile: the file as named by the caller, a 1-based line and a 1-based column (in characters).
public struct DockerfileLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The file name as given to the parser, for example `mariadb/Dockerfile`.
  public var file: String
  /// The 1-based line number.
  public var line: Int
  /// The 1-based column number, counted in characters.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, the form editors and terminals turn into links.
  public var description: String { "\(file):\(line):\(column)" }

  public static func < (lhs: Self, rhs: Self) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}
