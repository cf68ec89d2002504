import ArgumentParser
import Foundation
import Logging
import Sandbox

/// `skep sandbox up`: start N dockerd nodes, a registry and write an inventory.
struct SandboxUp: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "up",
    abstract: "Start N dockerd nodes on a private bridge, a registry, base images; write PATH/skep.yml.",
    discussion: "The swarm is not formed here: run `skep cluster up` with the written inventory next."
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var location: SandboxDirectoryOption

  @Option(help: "Number of nodes.")
  var nodes = 3

  @Option(help: "Managers written into the inventory (default: 3 with 3+ nodes, else 1).")
  var managers: Int?

  @Option(help: "Engine per node: 20.10, 26.1 or mixed (26.1, 20.10, 26.1, …).")
  var engine = "26.1"

  @Flag(help: "Install missing Debian packages with apt-get.")
  var install = false

  @Flag(help: "Skip the debian and mariadb images (faster; for tests).")
  var noImages = false

  func validate() throws {
    guard EngineMode(argument: engine) != nil else { throw ValidationError("--engine must be 20.10, 26.1 or mixed") }
    if let problem = options.problems().first { throw ValidationError(problem) }
  }

  var options: SandboxOptions {
    SandboxOptions(
      directory: location.directory, nodeCount: nodes, managers: managers,
      engine: EngineMode(argument: engine) ?? .single(.v26_1), installPackages: install, images: !noImages)
  }

  func run() async throws {
    let logger = Logger(label: "skep.sandbox")
    let started = Date()
    let summary: SandboxSummary
    do {
      summary = try await SandboxLauncher(options: options, logger: logger).run()
    } catch {
      if FileManager.default.fileExists(atPath: SandboxLayout(root: location.directory).stateFile) {
        logger.notice("a partial sandbox remains; remove it with `skep sandbox down --dir \(location.directory)`")
      }
      throw SandboxFailure.map(error)
    }
    logger.info("sandbox up in \(Int(Date().timeIntervalSince(started)))s")
    print(SandboxUpReport.text(summary))
  }
}
