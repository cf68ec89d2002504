import ArgumentParser
import Foundation

/// `skep control url`: where the dashboard is.
struct ControlURL: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "url",
    abstract: "Print the dashboard's address (the manager running skep-control, and its host-mode port).")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  func run() async throws {
    let context = try await BackupContext.load(global: global)
    let access = try await ControlAccess.locate(manager: context.manager, inventory: context.inventory)
    if output.json {
      struct Report: Encodable {
        var url: String
        var node: String
        var passwordFile: String
      }
      try JSONOutput.print(
        Report(url: access.url, node: access.node, passwordFile: ControlAccess.passwordFile(for: context.inventory)))
    } else {
      print(access.url)
    }
  }
}
