/// One repository as the registry lists it: each tag with the manifest digest it points to.
public struct RegistryRepositoryTags: Sendable, Hashable {
  /// The repository path in the registry, e.g. `web` or `tools/builder`.
  public var repository: String
  /// Tag → digest (`sha256:…`).
  public var tags: [String: String]

  /// Creates the listing of one repository.
  public init(repository: String, tags: [String: String]) {
    self.repository = repository
    self.tags = tags
  }
}

/// The image a swarm service runs, as written in its spec (`REGISTRY/web:20261101@sha256:…`, or without digest).
public struct ServiceImage: Sendable, Hashable {
  /// The service's name.
  public var service: String
  /// The spec's image reference.
  public var image: String

  /// Creates the pair.
  public init(service: String, image: String) {
    self.service = service
    self.image = image
  }
}

/// Why a tag stays.
public enum KeepReason: Sendable, Hashable, CustomStringConvertible {
  /// It is `latest`.
  case latest
  /// It is among the N newest date tags (1 = the newest).
  case newest(rank: Int)
  /// A swarm service runs it, by tag or by digest.
  case usedByService(String)
  /// It is not a date tag (nor `latest`): skep only prunes the tags its builds make.
  case notADateTag

  public var description: String {
    switch self {
    case .latest: return "latest"
    case .newest(let rank): return rank == 1 ? "newest date tag" : "date tag #\(rank) by age"
    case .usedByService(let service): return "used by service \(service)"
    case .notADateTag: return "not a date tag"
    }
  }
}

/// A tag that stays, with every reason it stays.
public struct KeptTag: Sendable, Hashable {
  public var tag: String
  public var digest: String
  /// At least one reason.
  public var reasons: [KeepReason]

  /// Creates a kept tag.
  public init(tag: String, digest: String, reasons: [KeepReason]) {
    self.tag = tag
    self.digest = digest
    self.reasons = reasons
  }
}

/// A manifest to delete: every tag on it is unwanted.
public struct DigestDeletion: Sendable, Hashable {
  public var digest: String
  /// The tags that go with it, newest first.
  public var tags: [String]

  /// Creates a deletion.
  public init(digest: String, tags: [String]) {
    self.digest = digest
    self.tags = tags
  }
}

/// A tag that would go, but stays because a kept tag points to the same digest (deleting the digest would delete the
/// kept tag too, distribution#3828).
public struct SparedTag: Sendable, Hashable {
  public var tag: String
  public var digest: String
  /// The kept tags on that digest.
  public var sharedWith: [String]

  /// Creates a spared tag.
  public init(tag: String, digest: String, sharedWith: [String]) {
    self.tag = tag
    self.digest = digest
    self.sharedWith = sharedWith
  }
}
