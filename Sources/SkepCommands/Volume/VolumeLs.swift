import ArgumentParser
import Backup
import Foundation
import SkepConfig
import VolumeAgent

/// `skep volume ls`: one row per skep volume across the nodes.
struct VolumeLs: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ls", abstract: "List the skep driver's volumes: node, state, lease age, size, newest snapshot.",
    aliases: ["list"])

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Option(
    help: "Seconds after which a lease without a heartbeat counts as orphaned (default: volumes.lease_ttl, else 45).")
  var leaseTtl: Double?

  func run() async throws {
    let inventory = try global.loadInventory()
    let read = try await VolumeViews.read(inventory: inventory)
    let now = Date()
    let ttl = leaseTtl ?? Double(inventory.volumes?.leaseTTL?.seconds ?? VolumesSection.defaultLeaseTTL)
    let rows = VolumeListing.rows(read.views, members: read.members, now: now, ttl: ttl)
    for (node, reason) in read.unreachable.sorted(by: { $0.key < $1.key }) {
      printError("warning: \(node) does not answer, its copies are not listed: \(reason)")
    }
    if output.json {
      try JSONOutput.print(rows)
      return
    }
    var table = Table("VOLUME", "NODE", "STATE", "LEASE", "LOCAL SIZE", "NEWEST SNAPSHOT", "COPIES")
    for row in rows {
      let lease = row.leaseAgeSeconds.map { "\(row.leaseEpoch.map { "#\($0) " } ?? "")\(Int($0)) s ago" } ?? "-"
      table.add([
        row.name, row.node ?? "-", row.state.rawValue, lease,
        row.localBytes.map(BackupReportTable.bytes) ?? "-",
        row.newestSnapshotAgeSeconds.map { "\(Int($0)) s ago" } ?? "none known",
        row.copies.joined(separator: ","),
      ])
    }
    print(table.render())
  }
}
