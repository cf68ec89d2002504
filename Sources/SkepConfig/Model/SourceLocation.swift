/// A position in an inventory file, for error messages and for other modules that report problems
/// about a particular node or key.
///
/// Lines and columns are 1-based; columns count Unicode scalars, like libYAML.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  /// The file name as given to the loader (for example `skep.yml` or `/etc/skep/skep.yml`).
  public var file: String
  /// The 1-based line number.
  public var line: Int
  /// The 1-based column number.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, the form editors and terminals turn into links.
  public var description: String { "\(file):\(line):\(column)" }
}
