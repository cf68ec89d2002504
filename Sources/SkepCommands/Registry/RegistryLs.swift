import ArgumentParser
import Backup
import DockerEngine
import ImageBuild

/// `skep registry ls`: every repository and tag in the inventory's registry, with digests and sizes.
struct RegistryLs: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ls",
    abstract: "List the registry's repositories and tags with their digests and sizes.",
    discussion: """
      The size is what the registry stores for the image: its config and compressed layers (for a multi-platform \
      index, those of every platform), counting layers shared with other images in full.
      """,
    aliases: ["list"]
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  func run() async throws {
    let context = try RegistryContext.load(global: global)
    let listing = try await context.listing()
    var keys: Set<ManifestKey> = []
    for repository in listing {
      for digest in repository.tags.values {
        keys.insert(ManifestKey(repository: repository.repository, digest: digest))
      }
    }
    let blobs = try await context.blobs(keys)
    var rows: [RegistryLsRow] = []
    for repository in listing {
      for tag in repository.tags.keys.sorted(by: { RegistryLsRow.newestFirst($0, $1, rule: context.dateTag) }) {
        let digest = repository.tags[tag] ?? ""
        let sizes: [String: Int64] = blobs[ManifestKey(repository: repository.repository, digest: digest)] ?? [:]
        let size: Int64 = sizes.values.reduce(Int64(0), +)
        rows.append(RegistryLsRow(repository: repository.repository, tag: tag, digest: digest, size: size))
      }
    }
    if output.json {
      try JSONOutput.print(rows)
      return
    }
    var table = Table("REPOSITORY", "TAG", "DIGEST", "SIZE")
    for row in rows {
      table.add([row.repository, row.tag, RegistryLsRow.short(row.digest), BackupReportTable.bytes(row.size)])
    }
    print(table.render())
    print(
      "\(listing.count) repositor\(listing.count == 1 ? "y" : "ies"), \(rows.count) tag\(rows.count == 1 ? "" : "s") in \(context.address)"
    )
  }
}

/// One tag in `registry ls --json`.
struct RegistryLsRow: Encodable {
  var repository: String
  var tag: String
  var digest: String
  /// Bytes of the image's config and layers as stored.
  var size: Int64

  /// `sha256:0123456789ab`.
  static func short(_ digest: String) -> String {
    guard let colon = digest.firstIndex(of: ":") else { return digest }
    return String(digest[...colon]) + digest[digest.index(after: colon)...].prefix(12)
  }

  /// `latest` first, then date tags newest first, then the rest by name.
  static func newestFirst(_ lhs: String, _ rhs: String, rule: DateTag) -> Bool {
    func key(_ tag: String) -> (Int, DateTagOrder, String) {
      if tag == "latest" { return (0, DateTagOrder(fields: [], sequence: 0), tag) }
      if let order = rule.order(of: tag) { return (1, order, tag) }
      return (2, DateTagOrder(fields: [], sequence: 0), tag)
    }
    let (left, right) = (key(lhs), key(rhs))
    if left.0 != right.0 { return left.0 < right.0 }
    if left.1 != right.1 { return left.1 > right.1 }
    return left.2 < right.2
  }
}
