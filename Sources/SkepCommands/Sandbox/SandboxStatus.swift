import ArgumentParser
import Foundation
import Sandbox

/// `skep sandbox status`: what runs, from state.json plus live checks.
struct SandboxStatus: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show the sandbox's nodes (address, engine, dockerd alive), registry and bridge."
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var location: SandboxDirectoryOption
  @OptionGroup var output: OutputOptions

  func run() async throws {
    let report: SandboxStatusReport
    do {
      report = try await SandboxInspector.report(directory: location.directory)
    } catch {
      throw SandboxFailure.map(error)
    }
    if output.json {
      print(try SandboxStatusText.json(report))
    } else {
      print(SandboxStatusText.table(report))
    }
    if !report.healthy {
      throw CommandFailure("the sandbox in \(report.directory) is not fully up", exitCode: .unreachable)
    }
  }
}
