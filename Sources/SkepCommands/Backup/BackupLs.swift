import ArgumentParser
import Backup
import Foundation

/// `skep backup ls`: the repository's snapshots, grouped by volume.
struct BackupLs: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ls",
    abstract: "List the snapshots in the repository, grouped by volume.",
    aliases: ["list"]
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Option(help: "Only this volume's snapshots.")
  var volume: String?

  @Option(help: "The skep image the job runs (default: REGISTRY/skep:latest).")
  var image: String?

  func run() async throws {
    let context = try await BackupContext.load(global: global)
    let image = try context.image(image)
    let secretID = try await context.requirePasswordSecret()
    var arguments = ["snapshots", "--json"]
    if let volume { arguments += ["--tag", SnapshotTags(volume: volume).filter] }
    let result = try await context.restic(arguments, image: image, secretID: secretID)
    guard result.succeeded else {
      throw CommandFailure("restic snapshots on \(context.repository) failed: \(ResticJobText.reason(result))")
    }
    let snapshots = try SnapshotListing.parse(result.logs.stdoutLines)
    if output.json {
      try JSONOutput.print(snapshots.map(BackupLsRow.init))
      return
    }
    var table = Table("VOLUME", "KIND", "NODE", "TIME", "SNAPSHOT")
    var previous: String?
    for snapshot in snapshots {
      let tags = snapshot.skepTags
      let volume = tags.volume == previous ? "" : (tags.volume.isEmpty ? "(untagged)" : tags.volume)
      previous = tags.volume
      table.add([
        volume, tags.kind?.rawValue ?? "-", tags.node ?? "-", BackupLsRow.timeText(snapshot.time), snapshot.shortID,
      ])
    }
    print(table.render())
    print("\(snapshots.count) snapshot\(snapshots.count == 1 ? "" : "s")")
  }
}
