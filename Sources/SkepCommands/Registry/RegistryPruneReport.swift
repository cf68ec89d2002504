import Backup
import ImageBuild
import ImageBuilder

/// What `skep registry prune` did or would do: `--json` prints it as is, people get `text`.
struct RegistryPruneReport: Encodable {
  /// The command that frees the space after deletes, on a registry from Debian's `docker-registry` package.
  static let debianCollect = "docker-registry garbage-collect /etc/docker/registry/config.yml"

  var registry: String
  var keep: Int
  var dryRun: Bool
  var repositories: [Repository]
  /// Manifests deleted (empty with `--dry-run`).
  var deleted: [Deletion]
  /// Bytes of layers and configs that only the deleted (or, dry, to-be-deleted) manifests use.
  var reclaimableBytes: Int64
  /// Whether the registry's garbage collection ran, and what it freed.
  var garbageCollection: GarbageCollection

  /// `{"ran": true, "node": …, "reclaimedBytes": …}` or `{"ran": false, "reason": …}`.
  struct GarbageCollection: Encodable {
    var ran: Bool
    var reason: String?
    var node: String?
    var blobsDeleted: Int?
    var bytesBefore: Int64?
    var bytesAfter: Int64?
    var reclaimedBytes: Int64?

    static func notRun(_ reason: String) -> GarbageCollection { GarbageCollection(ran: false, reason: reason) }

    static func ran(_ collection: RegistryCollection) -> GarbageCollection {
      GarbageCollection(
        ran: true, node: collection.node, blobsDeleted: collection.blobsDeleted, bytesBefore: collection.bytesBefore,
        bytesAfter: collection.bytesAfter, reclaimedBytes: collection.reclaimedBytes)
    }
  }

  struct Repository: Encodable {
    var repository: String
    var kept: [Kept]
    /// Manifests to delete (deleted unless `dryRun`).
    var deletions: [Deletion]
    var spared: [Spared]
  }

  struct Kept: Encodable {
    var tag: String
    var digest: String
    var reasons: [String]
  }

  struct Deletion: Encodable {
    var repository: String
    var digest: String
    var tags: [String]
  }

  struct Spared: Encodable {
    var tag: String
    var digest: String
    var sharedWith: [String]
  }

  init(
    registry: String, keep: Int, dryRun: Bool, plan: RegistryPrunePlan, deleted: [Deletion], reclaimableBytes: Int64,
    garbageCollection: GarbageCollection
  ) {
    self.registry = registry
    self.keep = keep
    self.dryRun = dryRun
    self.deleted = deleted
    self.reclaimableBytes = reclaimableBytes
    self.garbageCollection = garbageCollection
    repositories = plan.repositories.map { repository in
      Repository(
        repository: repository.repository,
        kept: repository.kept.map { Kept(tag: $0.tag, digest: $0.digest, reasons: $0.reasons.map(\.description)) },
        deletions: repository.deletions.map {
          Deletion(repository: repository.repository, digest: $0.digest, tags: $0.tags)
        },
        spared: repository.spared.map { Spared(tag: $0.tag, digest: $0.digest, sharedWith: $0.sharedWith) })
    }
  }

  /// A table of every tag and what happens to it, then a summary.
  var text: String {
    var table = Table("REPOSITORY", "TAG", "DIGEST", "ACTION", "WHY")
    for repository in repositories {
      for kept in repository.kept {
        table.add([
          repository.repository, kept.tag, RegistryLsRow.short(kept.digest), "keep",
          kept.reasons.joined(separator: ", "),
        ])
      }
      for spared in repository.spared {
        table.add([
          repository.repository, spared.tag, RegistryLsRow.short(spared.digest), "keep",
          "same digest as " + spared.sharedWith.joined(separator: ", "),
        ])
      }
      for deletion in repository.deletions {
        for tag in deletion.tags {
          table.add([
            repository.repository, tag, RegistryLsRow.short(deletion.digest), dryRun ? "would delete" : "delete",
            "older than the newest \(keep)",
          ])
        }
      }
    }
    let count = repositories.reduce(0) { $0 + $1.deletions.count }
    let manifests = "\(count) manifest\(count == 1 ? "" : "s")"
    var lines = [table.render(), ""]
    if count == 0 {
      lines.append("nothing to delete in \(registry)")
    } else if dryRun {
      lines.append("would delete \(manifests) from \(registry); nothing was deleted (--dry-run)")
      lines.append("about \(BackupReportTable.bytes(reclaimableBytes)) would be reclaimable")
    } else {
      lines.append(
        "deleted \(manifests) from \(registry); about \(BackupReportTable.bytes(reclaimableBytes)) reclaimable")
      if garbageCollection.ran, let node = garbageCollection.node {
        let blobs = garbageCollection.blobsDeleted ?? 0
        lines.append(
          "garbage collection on \(node): \(blobs) blob\(blobs == 1 ? "" : "s") removed, "
            + "\(BackupReportTable.bytes(garbageCollection.reclaimedBytes ?? 0)) reclaimed")
      } else if let reason = garbageCollection.reason {
        lines.append("no garbage collection: \(reason)")
      }
    }
    return lines.joined(separator: "\n")
  }
}
