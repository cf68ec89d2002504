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
      content). The restore runs as a one-task swarm job of the skep image on that node. With --dump SERVICE, \
      the service's latest kind=dump snapshot is loaded into its one running database container with the \
      database's own client and credentials.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Argument(help: "The volume whose snapshot to restore.")
  var volume: String?

  @Option(help: "The node to restore on.")
  var node: String?

  @Option(help: "Load the latest (or --snapshot) dump of this service into its running database instead.")
  var dump: String?

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
    if let dump {
      if dump.isEmpty { throw ValidationError("--dump needs a service name") }
      if volume != nil || node != nil || target != nil || force {
        throw ValidationError("--dump takes no VOLUME, --node, --as or --force: the service's task says where")
      }
      return
    }
    guard let volume, !volume.isEmpty else { throw ValidationError("give a VOLUME (or --dump SERVICE)") }
    guard node?.isEmpty == false else { throw ValidationError("--node is required to restore a volume") }
    if target?.isEmpty == true { throw ValidationError("--as needs a volume name") }
  }

  func run() async throws {
    let context = try await BackupContext.load(global: global)
    if let dump {
      let report = try await RestoreDumpRunner(
        context: context, image: try context.image(image), service: dump, snapshot: snapshot, timeout: timeout
      ).run()
      if output.json { try JSONOutput.print(report) } else { print(report.text) }
      return
    }
    guard let volume, let node else { throw ValidationError("give a VOLUME and --node") }
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
