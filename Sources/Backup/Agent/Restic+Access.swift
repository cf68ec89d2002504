extension Restic {
  /// Opens the repository without changing it (`restic cat config`): a wrong password, a missing or unreachable
  /// repository fails here, before the agent pauses anything.
  public func verifyAccess() async throws(ResticError) {
    _ = try await execute(["cat", "config"])
  }
}
