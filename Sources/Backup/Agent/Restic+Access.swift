extension Restic {
  /// Opens the repository without changing it (`restic cat config`): a wrong password, a missing or unreachable
  /// repository fails here, before the agent pauses anything.
  public func verifyAccess() async throws(ResticError) {
    _ = try await execute(["cat", "config"])
  }
}

extension ResticError {
  /// The repository itself cannot be used (wrong password, not there, not reachable): true for every volume alike.
  public var isRepositoryAccess: Bool {
    switch self {
    case .wrongPassword, .repositoryNotFound, .repositoryUnreachable, .binaryMissing: return true
    default: return false
    }
  }
}
