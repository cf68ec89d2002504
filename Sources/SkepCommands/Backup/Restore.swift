import ArgumentParser
import Backup
import DockerEngine
import Foundation

/// `skep restore VOLUME --node N`: a volume's files snapshot written into a volume on one node.
struct Restore: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "restore",
    abstract: "Restore a volume's files snapshot into a volume on one node.",
    discussion: """
      Restores the latest (or the given) kind=files snapshot tagged volume=VOLUME into the volume VOLUME (or \
      --as NAME) on --node, created there when missing. Refused when any container on that node uses the \
      target volume (running or not), and when the volume is not empty unless --force (which replaces its \
      content). The restore runs as a one-task swarm job of the skep image on that node.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Argument(help: "The volume whose snapshot to restore.")
  var volume: String

  @Option(help: "The node to restore on.")
  var node: String

  @Option(help: "A snapshot id (or its prefix), or latest.")
  var snapshot = "latest"

  @Option(name: .customLong("as"), help: "Restore into this volume instead of VOLUME.")
  var target: String?

  @Flag(help: "Replace the content of a volume that is not empty.")
  var force = false

  @Option(help: "The skep image the jobs run (default: REGISTRY/skep:latest).")
  var image: String?

  @Option(help: "Seconds the restore job may take.")
  var timeout = 3600

  func validate() throws {
    if volume.isEmpty { throw ValidationError("VOLUME must not be empty") }
    if target?.isEmpty == true { throw ValidationError("--as needs a volume name") }
  }

  func run() async throws {
    let context = try await BackupContext.load(global: global)
    let report = try await RestoreRunner(
      context: context, image: try context.image(image), volume: volume, node: node, snapshot: snapshot,
      target: target ?? volume, force: force, timeout: timeout
    ).run()
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }
}
