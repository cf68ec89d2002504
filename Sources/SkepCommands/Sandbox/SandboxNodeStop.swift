import ArgumentParser
import Logging
import Sandbox

/// `skep sandbox stop NODE`: stop one node's dockerd, as if the machine went down.
struct SandboxNodeStop: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stop",
    abstract: "Stop one node's dockerd (its namespaces and data stay), to rehearse a machine going down."
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var location: SandboxDirectoryOption

  @Argument(help: "The node, e.g. node2.")
  var node: String

  @Flag(help: "Power loss: SIGKILL every process of the node at once (dockerd, containerd, every container).")
  var kill = false

  func run() async throws {
    let control = SandboxNodeControl(directory: location.directory, logger: Logger(label: "skep.sandbox"))
    do {
      if kill { try await control.kill(node) } else { try await control.stop(node) }
    } catch {
      throw SandboxFailure.map(error)
    }
    print(kill ? "\(node): killed (power loss)" : "\(node): dockerd stopped")
  }
}
