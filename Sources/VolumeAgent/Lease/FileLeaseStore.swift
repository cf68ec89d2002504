import Foundation
import VolumeDriver

#if canImport(Glibc)
  import Glibc
#endif

/// Leases as files in a directory every node sees (the backup store: a NAS share mounted at the same path on every
/// node), with compare-and-swap by `link(2)`.
///
/// Each volume has a folder `DIR/VOLUME/`; every version of its lease is a file `00000000000000000007.json` that is
/// never changed once written. A write naming version `v` writes a temporary file and links it to version `v + 1`:
/// `link` fails with `EEXIST` when that name exists, atomically, on a local file system and over NFS (the classic
/// NFS-safe lock), so of two writers naming the same version exactly one wins. A read takes the highest version.
/// Old versions are pruned after a successful write, keeping the newest ``keptVersions``.
///
/// The store is reachable only while ``anchor`` (the repository directory) exists — and, for a repository, holds
/// restic's `config` file: an unmounted share, which shows an empty mount point, must read as "cannot reach the
/// store", never as "no lease". The `config` check matters because restic itself recreates a missing repository
/// folder when a backup in flight saves a file after the share went away (seen: `snapshots/` on the empty mount
/// point); such a folder has no `config`.
public struct FileLeaseStore: LeaseStore {
  /// The lease folder, `REPOSITORY/skep/leases`.
  public var directory: String
  /// A directory that must exist for the store to count as reachable (the repository itself).
  public var anchor: String
  /// A file that must exist in ``anchor`` too (restic's `config` for a repository), or nil.
  public var anchorMarker: String?
  /// How many versions stay after a write.
  public var keptVersions: UInt64 = 8

  /// The store for a local (or NFS) restic repository at `repository`: leases in `REPOSITORY/skep/leases`.
  public init(repository: String) {
    self.anchor = repository
    self.anchorMarker = "config"
    self.directory = (repository as NSString).appendingPathComponent("skep/leases")
  }

  /// A store in `directory`, reachable while `anchor` exists (and `marker` in it, when given).
  public init(directory: String, anchor: String, marker: String? = nil) {
    self.directory = directory
    self.anchor = anchor
    self.anchorMarker = marker
  }

  public func read(volume: String) async throws -> VersionedLease {
    let folder = try volumeFolder(volume, creating: false)
    guard let version = try versions(in: folder).max() else { return VersionedLease(lease: nil, version: 0) }
    let path = (folder as NSString).appendingPathComponent(Self.fileName(version))
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      return VersionedLease(lease: try Self.decoder.decode(Lease.self, from: data), version: version)
    } catch let error as DecodingError {
      throw LeaseStoreError.damaged(path: path, reason: "\(error)")
    } catch {
      // Pruned between the listing and the read by a writer that moved on: read again.
      if let retry = try versions(in: folder).max(), retry > version { return try await read(volume: volume) }
      throw LeaseStoreError.unreachable(reason: "cannot read \(path): \(error.localizedDescription)")
    }
  }

  public func write(volume: String, lease: Lease, expectedVersion: UInt64) async throws -> Bool {
    let folder = try volumeFolder(volume, creating: true)
    let next = expectedVersion + 1
    let temporary = (folder as NSString).appendingPathComponent(".tmp-\(UUID().uuidString)")
    let target = (folder as NSString).appendingPathComponent(Self.fileName(next))
    do {
      try Self.encoder.encode(lease).write(to: URL(fileURLWithPath: temporary))
    } catch {
      throw LeaseStoreError.unreachable(reason: "cannot write in \(folder): \(error.localizedDescription)")
    }
    defer { unlink(temporary) }
    guard link(temporary, target) == 0 else {
      let code = errno
      if code == EEXIST { return false }
      throw LeaseStoreError.unreachable(reason: "cannot link \(target): \(String(cString: strerror(code)))")
    }
    // A writer that read long ago may name a version whose successor was pruned since: the link then succeeds on a
    // free name far below the newest, invisible to reads. Another write named that version first and won, so this
    // one lost. A pruned version lies at least `kept` below the newest; a current write only does once `kept` more
    // writes followed it (it is history then, and reporting it lost changes nothing).
    if let newest = try? versions(in: folder).max(), newest >= next + kept {
      unlink(target)
      return false
    }
    prune(folder, below: next)
    return true
  }

  /// ``keptVersions``, at least the newest one.
  var kept: UInt64 { max(keptVersions, 1) }

  // MARK: - Files

  static func fileName(_ version: UInt64) -> String {
    let digits = String(version)
    return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".json"
  }

  static func version(ofFile name: String) -> UInt64? {
    guard name.hasSuffix(".json"), !name.hasPrefix(".") else { return nil }
    return UInt64(name.dropLast(".json".count))
  }

  func versions(in folder: String) throws -> [UInt64] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: folder).compactMap(Self.version(ofFile:))
    } catch {
      // No folder when listed: no version yet (another node's first write may have created it since).
      let missing = [.fileReadNoSuchFile, .fileNoSuchFile].contains((error as? CocoaError)?.code)
      if missing || !FileManager.default.fileExists(atPath: folder) {
        try checkAnchor()
        return []
      }
      throw LeaseStoreError.unreachable(reason: "cannot list \(folder): \(error.localizedDescription)")
    }
  }

  func checkAnchor() throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: anchor, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw LeaseStoreError.unreachable(reason: "\(anchor) is not there (is the backup store mounted?)")
    }
    if let anchorMarker {
      let marker = (anchor as NSString).appendingPathComponent(anchorMarker)
      guard FileManager.default.fileExists(atPath: marker) else {
        throw LeaseStoreError.unreachable(
          reason: "\(anchor) has no \(anchorMarker): not the repository (is the backup store mounted?)")
      }
    }
  }

  func volumeFolder(_ volume: String, creating: Bool) throws -> String {
    let folder = (directory as NSString).appendingPathComponent(try VolumePaths.checked(volume))
    try checkAnchor()
    if creating { try createBelowAnchor(folder) }
    return folder
  }

  /// Creates `folder` one level at a time below the anchor, never the anchor itself nor anything above it: should
  /// the share go away between the check and the creation, `mkdir` fails on the missing parent instead of writing a
  /// fresh repository folder onto the empty mount point.
  func createBelowAnchor(_ folder: String) throws {
    let anchorPath = (anchor as NSString).standardizingPath
    let target = (folder as NSString).standardizingPath
    guard target.hasPrefix(anchorPath + "/") else {
      throw LeaseStoreError.unreachable(reason: "\(folder) is not inside \(anchor)")
    }
    var path = anchorPath
    for component in target.dropFirst(anchorPath.count + 1).split(separator: "/") {
      path += "/\(component)"
      if mkdir(path, 0o755) != 0, errno != EEXIST {
        throw LeaseStoreError.unreachable(reason: "cannot create \(path): \(String(cString: strerror(errno)))")
      }
    }
  }

  func prune(_ folder: String, below newest: UInt64) {
    guard newest > kept, let found = try? versions(in: folder) else { return }
    for version in found where version <= newest - kept {
      unlink((folder as NSString).appendingPathComponent(Self.fileName(version)))
    }
  }

  /// ISO 8601 with fractional seconds: a lease names a snapshot by its restic time too, which must survive exactly.
  static let preciseTime = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

  static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(date.formatted(preciseTime))
    }
    return encoder
  }

  /// Reads both the precise form and whole seconds (lease files written before the fractions).
  static var decoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      if let date = try? preciseTime.parse(text) { return date }
      if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not an ISO 8601 date and time")
    }
    return decoder
  }
}

/// Why the lease store could not answer.
public enum LeaseStoreError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The store's directory cannot be reached, listed or written.
  case unreachable(reason: String)
  /// A lease file holds something else than a lease.
  case damaged(path: String, reason: String)

  public var description: String {
    switch self {
    case .unreachable(let reason): "the lease store cannot be reached: \(reason)"
    case .damaged(let path, let reason): "the lease file \(path) is damaged: \(reason)"
    }
  }
}
