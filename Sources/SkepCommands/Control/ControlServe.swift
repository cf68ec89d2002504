import ArgumentParser
import ControlService

/// `skep control serve`: the skep-control service run by hand, from any machine that reaches a manager. The swarm
/// service runs the slim `skep-control` binary instead, with the same options.
struct ControlServe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run the scheduler, history and dashboard (what the skep-control service runs).",
    shouldDisplay: false
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: ControlServeOptions

  func run() async throws {
    let inventory = try global.loadInventory()
    do {
      try await ControlService.serve(options, inventory: inventory, inventoryPath: global.inventoryPath)
    } catch let error as ControlServiceError {
      throw CommandFailure(error.description, exitCode: .invalidInput)
    }
  }
}
