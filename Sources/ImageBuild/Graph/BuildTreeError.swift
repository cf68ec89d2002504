/// Why a build folder cannot be built: every problem found, each with its place when it has one.
///
/// Parsing goes on past a broken Dockerfile so that one run reports every broken file; a cycle or a duplicate name
/// is reported once the files parse.
public struct BuildTreeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The problems, in folder order.
  public var problems: [DockerfileError]

  /// Creates an error with one problem.
  public init(_ message: String, at location: DockerfileLocation? = nil) {
    problems = [DockerfileError(message, at: location)]
  }

  /// Creates an error with several problems.
  public init(problems: [DockerfileError]) {
    self.problems = problems
  }

  /// One line per problem.
  public var description: String { problems.map(\.description).joined(separator: "\n") }
}
