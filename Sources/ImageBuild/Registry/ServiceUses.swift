/// The swarm services' references to one registry, looked up by repository, tag and digest.
struct ServiceUses: Sendable {
  private var byTag: [String: [String]] = [:]
  private var byDigest: [String: [String]] = [:]

  /// Reads each service's image; references that do not parse or name another registry are ignored.
  init(registry: String, services: [ServiceImage]) {
    let host = registry.lowercased()
    for service in services {
      guard let reference = try? ImageReference.parse(service.image), reference.hasExplicitDomain,
        reference.domain == host
      else { continue }
      if let digest = reference.digest {
        byDigest[Self.key(reference.path, digest), default: []].append(service.service)
      }
      if let tag = reference.tag ?? (reference.digest == nil ? "latest" : nil) {
        byTag[Self.key(reference.path, tag), default: []].append(service.service)
      }
    }
  }

  /// The services running `repository:tag` or `repository@digest`, sorted, each once.
  func services(repository: String, tag: String, digest: String) -> [String] {
    let names = (byTag[Self.key(repository, tag)] ?? []) + (byDigest[Self.key(repository, digest)] ?? [])
    return Array(Set(names)).sorted()
  }

  private static func key(_ repository: String, _ reference: String) -> String {
    repository + "\u{0}" + reference
  }
}
