import ArgumentParser
import DockerEngine
import ImageBuild

/// `skep registry prune`: delete old date tags' manifests, keeping `latest`, the newest N and whatever services run.
struct RegistryPrune: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prune",
    abstract: "Delete old date-tagged images from the registry, keeping latest, the newest N and those in use.",
    discussion: """
      Per repository, keeps latest, the --keep newest date tags (YYYYMMDD, YYYYMMDD.2…), every tag a swarm service \
      runs (by tag or digest), and every tag that is not a date tag. A registry deletes by digest and takes every \
      tag on that digest along, so a digest is deleted only when none of its tags is kept. The space comes back \
      when the registry's garbage collection runs: on a registry skep registry deploy runs, prune runs it (the \
      registry turns read-only for that time, then restarts writable) and reports the space reclaimed.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Option(help: "How many date tags to keep per repository, newest first.")
  var keep = 3

  @Flag(help: "Show what would be deleted; delete nothing.")
  var dryRun = false

  @Flag(help: "Skip the garbage collection of a registry skep deployed.")
  var noGC = false

  @Option(help: "Only prune this repository (repeat for more; default: all).")
  var repository: [String] = []

  func validate() throws {
    guard keep >= 0 else { throw ValidationError("--keep must be 0 or more") }
  }

  func run() async throws {
    let context = try RegistryContext.load(global: global)
    let manager = try await context.manager()
    let services = try await context.serviceImages(manager)
    let listing = try await context.listing()
    let known = Set(listing.map(\.repository))
    if let unknown = repository.first(where: { !known.contains($0) }) {
      throw CommandFailure("the registry \(context.address) has no repository \(unknown)", exitCode: .invalidInput)
    }
    let chosen = listing.filter { repository.isEmpty || repository.contains($0.repository) }
    let plan = RegistryPrunePlan(
      registry: context.address, repositories: chosen, keep: keep, services: services, dateTag: context.dateTag)
    let reclaimable = try await estimate(plan, listing: listing, context: context)
    var deleted: [RegistryPruneReport.Deletion] = []
    if !dryRun {
      for (name, deletion) in plan.deletions {
        try await context.client.deleteManifest(name, digest: deletion.digest)
        deleted.append(.init(repository: name, digest: deletion.digest, tags: deletion.tags))
      }
    }
    let collection: RegistryPruneReport.GarbageCollection =
      if dryRun {
        .notRun("--dry-run")
      } else if deleted.isEmpty {
        .notRun("nothing was deleted")
      } else if noGC {
        .notRun("--no-gc")
      } else {
        try await context.collectGarbage(manager)
      }
    let report = RegistryPruneReport(
      registry: context.address, keep: keep, dryRun: dryRun, plan: plan, deleted: deleted,
      reclaimableBytes: reclaimable, garbageCollection: collection)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }

  /// Bytes of blobs only the deleted manifests use, against every manifest that stays in any repository.
  private func estimate(
    _ plan: RegistryPrunePlan, listing: [RegistryRepositoryTags], context: RegistryContext
  ) async throws -> Int64 {
    let doomed = Set(plan.deletions.map { ManifestKey(repository: $0.repository, digest: $0.deletion.digest) })
    guard !doomed.isEmpty else { return 0 }
    let all = Set(
      listing.flatMap { repository in
        repository.tags.values.map { ManifestKey(repository: repository.repository, digest: $0) }
      })
    let blobs = try await context.blobs(all)
    return ReclaimableSpace.bytes(
      deleted: doomed.compactMap { blobs[$0] }, kept: all.subtracting(doomed).compactMap { blobs[$0] })
  }
}
