import Sandbox

/// Maps the Sandbox module's errors onto the CLI's exit codes.
enum SandboxFailure {
  static func map(_ error: any Error) -> any Error {
    guard let error = error as? SandboxError else {
      if let command = error as? CommandError { return CommandFailure(command.description, exitCode: .failure) }
      return error
    }
    switch error.code {
    case .invalidInput, .unsupportedHost, .notFound:
      return CommandFailure(error.description, exitCode: .invalidInput)
    case .timeout:
      return CommandFailure(error.description, exitCode: .unreachable)
    case .commandFailed, .io:
      return CommandFailure(error.description, exitCode: .failure)
    }
  }
}
