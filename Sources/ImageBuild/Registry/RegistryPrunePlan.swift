/// Which tags of a registry to keep and which manifests to delete — a pure decision, no I/O.
///
/// Rules, per repository: keep `latest`; keep the `keep` newest date tags (tags the `DateTag` rule makes:
/// `YYYYMMDD`, `YYYYMMDD.2`…, ordered by date then sequence); keep every tag a swarm service runs (its spec names the
/// repository on this registry and the tag, or pins a digest — then every tag on that digest); keep every other tag
/// (not a date tag: a hand-made `v1.2` or `stable` is not skep's to remove). A registry deletes by digest and takes
/// every tag on it along, so a digest is deleted only when all its tags are unwanted; an unwanted tag on a kept digest
/// is reported as spared. Untagged manifests are not listed by the registry's API and are left to its garbage
/// collection (`--delete-untagged`).
public struct RegistryPrunePlan: Sendable, Hashable {
  /// The decision for one repository.
  public struct Repository: Sendable, Hashable {
    public var repository: String
    /// Kept tags: `latest` first, then date tags newest first, then the rest by name.
    public var kept: [KeptTag]
    /// Manifests to delete, newest first.
    public var deletions: [DigestDeletion]
    /// Unwanted tags that stay because they share a digest with a kept tag.
    public var spared: [SparedTag]
  }

  /// One entry per input repository, in input order.
  public var repositories: [Repository]

  /// Every manifest to delete, as (repository, deletion).
  public var deletions: [(repository: String, deletion: DigestDeletion)] {
    repositories.flatMap { repository in repository.deletions.map { (repository.repository, $0) } }
  }

  /// Decides.
  /// - Parameters:
  ///   - registry: `host:port` of the registry, to recognise the services' references to it.
  ///   - repositories: what the registry holds.
  ///   - keep: how many date tags to keep per repository, newest first (0 keeps none beyond the other rules).
  ///   - services: what the swarm's services run; references to other registries are ignored.
  ///   - dateTag: the rule that makes date tags (its `format` recognises them).
  public init(
    registry: String, repositories: [RegistryRepositoryTags], keep: Int, services: [ServiceImage],
    dateTag: DateTag = DateTag()
  ) {
    let uses = ServiceUses(registry: registry, services: services)
    self.repositories = repositories.map {
      Self.decide($0, keep: max(0, keep), uses: uses, dateTag: dateTag)
    }
  }

  private static func decide(
    _ listing: RegistryRepositoryTags, keep: Int, uses: ServiceUses, dateTag: DateTag
  ) -> Repository {
    let dated = listing.tags.keys.compactMap { tag in dateTag.order(of: tag).map { (tag, $0) } }
      .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    let rank = Dictionary(uniqueKeysWithValues: dated.enumerated().map { ($1.0, $0 + 1) })
    var reasons: [String: [KeepReason]] = [:]
    for (tag, digest) in listing.tags {
      var why: [KeepReason] = []
      if tag == "latest" { why.append(.latest) }
      if let position = rank[tag] {
        if position <= keep { why.append(.newest(rank: position)) }
      } else if tag != "latest" {
        why.append(.notADateTag)
      }
      why += uses.services(repository: listing.repository, tag: tag, digest: digest).map(KeepReason.usedByService)
      if !why.isEmpty { reasons[tag] = why }
    }
    // Newest first: latest, date tags by age, then the rest by name.
    func sortKey(_ tag: String) -> (Int, Int, String) {
      if tag == "latest" { return (0, 0, tag) }
      if let position = rank[tag] { return (1, position, tag) }
      return (2, 0, tag)
    }
    let ordered = listing.tags.keys.sorted { sortKey($0) < sortKey($1) }
    let kept = ordered.compactMap { tag -> KeptTag? in
      guard let why = reasons[tag], let digest = listing.tags[tag] else { return nil }
      return KeptTag(tag: tag, digest: digest, reasons: why)
    }
    let keptByDigest = Dictionary(grouping: kept, by: \.digest).mapValues { $0.map(\.tag) }
    var spared: [SparedTag] = []
    var deletions: [DigestDeletion] = []
    var deletionIndex: [String: Int] = [:]
    for tag in ordered where reasons[tag] == nil {
      guard let digest = listing.tags[tag] else { continue }
      if let sharing = keptByDigest[digest] {
        spared.append(SparedTag(tag: tag, digest: digest, sharedWith: sharing))
      } else if let index = deletionIndex[digest] {
        deletions[index].tags.append(tag)
      } else {
        deletionIndex[digest] = deletions.count
        deletions.append(DigestDeletion(digest: digest, tags: [tag]))
      }
    }
    return Repository(repository: listing.repository, kept: kept, deletions: deletions, spared: spared)
  }
}
