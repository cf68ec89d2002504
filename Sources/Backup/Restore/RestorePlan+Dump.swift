import Foundation

extension RestorePlan {
  /// Why a dump cannot be loaded.
  public struct DumpRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    /// Creates a refusal with a message for people.
    public init(_ description: String) { self.description = description }
  }

  /// The `--tag` filter of a service's dump snapshots (`kind=dump,service=NAME`).
  public static func dumpFilter(service: String) -> String {
    "kind=\(SnapshotTags.Kind.dump.rawValue),service=\(SnapshotTags.encode(service))"
  }

  /// The dump snapshot to load among `snapshots`: the newest `kind=dump` one of `service` for `latest`, else the one
  /// whose id starts with `wanted`.
  public static func dumpSnapshot(_ wanted: String, service: String, among snapshots: [Snapshot]) throws(DumpRefusal)
    -> Snapshot
  {
    let candidates = snapshots.filter { $0.skepTags.service == service && $0.skepTags.kind == .dump }
      .sorted { $0.time < $1.time }
    guard let newest = candidates.last else {
      throw DumpRefusal("the repository holds no dump of service \(service) (tags \(dumpFilter(service: service)))")
    }
    if wanted == "latest" { return newest }
    let matches = candidates.filter { !wanted.isEmpty && $0.id.hasPrefix(wanted.lowercased()) }
    guard matches.count == 1, let match = matches.first else {
      throw DumpRefusal(
        "no dump \(wanted) of service \(service) (its dumps: \(candidates.map(\.shortID).joined(separator: ", ")))")
    }
    return match
  }

  /// The file inside a dump snapshot: its only path without the leading slash (`mysql-all-databases.sql`).
  public static func dumpFilename(_ snapshot: Snapshot, kind: DatabaseKind) -> String {
    let path = snapshot.paths.first.map { String($0.drop { $0 == "/" }) } ?? ""
    if !path.isEmpty { return path }
    return kind == .mysql ? "mysql-all-databases.sql" : "postgres-all-databases.sql"
  }
}
