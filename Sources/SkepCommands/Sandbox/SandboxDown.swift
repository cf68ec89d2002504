import ArgumentParser
import Logging
import Sandbox

/// `skep sandbox down`: remove everything `up` made; safe to run twice or after a crash.
struct SandboxDown: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "down",
    abstract: "Stop the sandbox's processes and remove its namespaces, bridge, rules and node data.",
    discussion: "The image cache is kept. The NAS stand-in (PATH/nas) is kept unless --purge is given."
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var location: SandboxDirectoryOption

  @Flag(help: "Also delete the NAS stand-in (backups) and the sandbox directory itself.")
  var purge = false

  func run() async throws {
    let logger = Logger(label: "skep.sandbox")
    do {
      try await SandboxTeardown(directory: location.directory, purge: purge, logger: logger).run()
    } catch {
      throw SandboxFailure.map(error)
    }
    print("Sandbox in \(location.directory) is down.")
  }
}
