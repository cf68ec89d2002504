/// The "space reclaimable" estimate of a prune: the bytes of blobs (configs and layers) that deleted manifests use
/// and no kept manifest uses, each blob counted once.
///
/// Blobs are shared across repositories in a registry's storage, so `kept` should hold the manifests that stay in
/// every repository, not only the pruned one. The space is freed only after the registry's garbage collection; the
/// manifests' own few kilobytes are not counted.
public enum ReclaimableSpace {
  /// - Parameters:
  ///   - deleted: per deleted manifest, its blobs (digest → stored size).
  ///   - kept: per kept manifest, its blobs.
  /// - Returns: the bytes only deleted manifests use.
  public static func bytes(deleted: [[String: Int64]], kept: [[String: Int64]]) -> Int64 {
    let stillUsed = Set(kept.flatMap(\.keys))
    var freed: [String: Int64] = [:]
    for blobs in deleted {
      for (digest, size) in blobs where !stillUsed.contains(digest) { freed[digest] = size }
    }
    return freed.values.reduce(0, +)
  }
}
