import ArgumentParser
import Cluster
import Foundation
import NodeSetup
import SkepConfig

/// `skep node setup [NODE…] [--dry-run]`: the `setup:` profile of skep.yml, applied over SSH.
struct NodeSetupCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "setup",
    abstract: "Apply the setup: profile of skep.yml to nodes over SSH (daemon.json, journald, I/O scheduler, …).",
    discussion: """
      Nodes are set up in parallel, each step checked first and changed only where it differs. A daemon.json
      change that dockerd cannot reload restarts the engines one node at a time: drained first, active again
      once ready, never a manager when quorum would be lost. See docs/node-setup.md.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Argument(help: "Nodes to set up (default: every node of the inventory).")
  var names: [String] = []

  @Flag(help: "Print per node what would change, as a diff; change nothing.")
  var dryRun = false

  func run() async throws {
    let inventory = try global.loadInventory()
    guard let profile = inventory.setup else {
      throw CommandFailure(
        "\(inventory.file) has no setup: section, so there is nothing to apply (see docs/node-setup.md)",
        exitCode: .invalidInput)
    }
    let nodes =
      try names.isEmpty
      ? inventory.nodes
      : names.map { name in
        guard let node = inventory.node(named: name) else { throw UnknownNode(name: name, inventory: inventory) }
        return node
      }
    let secrets = try NodeSetupSecrets.read(profile)
    let session = NodeSetupSession(profile: profile, secrets: secrets, inventory: inventory)
    var reports = await session.plan(nodes)
    if !dryRun {
      reports = await session.apply(reports)
      reports = try await session.restartEngines(reports)
      reports = await session.verify(reports)
    }
    if output.json {
      try JSONOutput.print(NodeSetupJSON(dryRun: dryRun, nodes: reports))
    } else {
      print(NodeSetupText.render(reports, dryRun: dryRun), terminator: "")
    }
    if let code = NodeSetupReport.exitCode(reports) {
      throw CommandFailure(NodeSetupReport.failureSummary(reports), exitCode: code)
    }
  }
}

/// The `password_file`s the profile names, read on this machine (their content goes into the node's files, never
/// into output).
enum NodeSetupSecrets {
  static func read(_ profile: SetupSection) throws -> [String: String] {
    guard let relay = profile.mailRelay, let path = relay.passwordFile else { return [:] }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CommandFailure(
        "\(relay.location): mail_relay.password_file \(path) cannot be read", exitCode: .invalidInput)
    }
    let password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    guard !password.isEmpty, !password.contains("\n") else {
      throw CommandFailure(
        "\(relay.location): mail_relay.password_file \(path) must hold the password on one line",
        exitCode: .invalidInput)
    }
    return [path: password]
  }
}
