import SkepConfig

/// A place in a Dockerfile: the file as named by the caller, a 1-based line and a 1-based column (in characters) —
/// the same `file:line:column` as inventory errors.
public typealias DockerfileLocation = SourceLocation

extension SourceLocation: Comparable {
  public static func < (lhs: Self, rhs: Self) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}
