import Cluster

extension NodeEngines {
  /// The first inventory node that answers as a swarm manager; none is a `CommandFailure` with exit code 4 that lists
  /// every node's reason.
  func answeringManager() async throws -> AnsweringManager {
    do {
      return try await firstManager()
    } catch {
      throw CommandFailure(error.description, exitCode: .unreachable)
    }
  }
}
