import ArgumentParser
import ControlService

/// `skep control serve`: the skep-control service run by hand, from any machine that reaches a manager. The swarm
/// service runs the slim `skep-control` binary instead; both read their options with `ControlServeOptions.parse`.
struct ControlServe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run the scheduler, history and dashboard (what the skep-control service runs).",
    shouldDisplay: false
  )

  @Argument(parsing: .captureForPassthrough, help: "skep-control's options.")
  var arguments: [String] = []

  func run() async throws {
    do {
      try await ControlService.serve(try ControlServeOptions.parse(arguments))
    } catch let error as ControlServiceError {
      guard error.kind == .help else { throw CommandFailure(error.description, exitCode: .invalidInput) }
      print(error.description, terminator: "")
    }
  }
}
