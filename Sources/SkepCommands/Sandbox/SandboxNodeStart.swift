import ArgumentParser
import Logging
import Sandbox

/// `skep sandbox start NODE`: start a stopped node's dockerd again.
struct SandboxNodeStart: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "start",
    abstract: "Start a stopped node's dockerd again, with its namespaces, data and engine version."
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var location: SandboxDirectoryOption

  @Argument(help: "The node, e.g. node2.")
  var node: String

  func run() async throws {
    do {
      try await SandboxNodeControl(directory: location.directory, logger: Logger(label: "skep.sandbox")).start(node)
    } catch {
      throw SandboxFailure.map(error)
    }
    print("\(node): dockerd answers")
  }
}
