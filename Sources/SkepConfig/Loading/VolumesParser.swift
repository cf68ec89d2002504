import Yams

/// Reads and checks the `volumes:` section: each duration in document order, then `lease_ttl` against `heartbeat`.
enum VolumesParser {
  static func parse(_ node: Node, file: String) throws(InventoryError) -> VolumesSection {
    let section = try reader(node, file: file)
    var result = VolumesSection(location: section.location)
    for entry in section.entries {
      let setting = try duration(entry, in: section)
      try checkRange(of: entry.key, setting)
      switch entry.key {
      case "snapshot_interval": result.snapshotInterval = setting
      case "lease_ttl": result.leaseTTL = setting
      case "heartbeat": result.heartbeat = setting
      case "restore_wait": result.restoreWait = setting
      default: break  // `reader` has refused every other key
      }
    }
    try checkLease(result)
    return result
  }

  /// A reader of the section whose unknown-key message also points per-volume rules to `backup.volumes`.
  static func reader(_ node: Node, file: String) throws(InventoryError) -> MappingReader {
    let keys = VolumesSection.keys
    let section = try MappingReader(node, name: "volumes", file: file, allowed: nil)
    for entry in section.entries where !keys.contains(entry.key) {
      var message = MappingReader.unknownKeyMessage(entry.key, in: "volumes", allowed: keys)
      if Suggestion.closest(to: entry.key, among: keys) == nil, case .mapping = entry.value {
        message += "; rules for one volume go under backup.volumes"
      }
      throw InventoryError(location: section.location(of: entry.keyNode), message: message)
    }
    return section
  }

  static func duration(_ entry: MappingReader.Entry, in section: MappingReader) throws(InventoryError)
    -> VolumesSection.Setting
  {
    let location = section.location(of: entry.value)
    guard case .scalar(let scalar) = entry.value, !MappingReader.isNull(entry.value) else {
      throw InventoryError(
        location: location,
        message:
          "'\(entry.key)' must be a duration (\(DurationText.syntax)), found \(MappingReader.describe(entry.value))"
      )
    }
    switch DurationText.seconds(scalar.string) {
    case .success(let seconds):
      return VolumesSection.Setting(seconds: seconds, location: location)
    case .failure(.negative):
      throw InventoryError(location: location, message: "'\(entry.key)' must not be negative, found '\(scalar.string)'")
    case .failure(.tooLarge):
      throw InventoryError(location: location, message: "'\(entry.key)' is too large, found '\(scalar.string)'")
    case .failure(.malformed):
      throw InventoryError(
        location: location,
        message: "'\(entry.key)' must be a duration (\(DurationText.syntax)), found '\(scalar.string)'")
    }
  }

  /// The rules of one key on its own.
  static func checkRange(of key: String, _ setting: VolumesSection.Setting) throws(InventoryError) {
    let seconds = setting.seconds
    switch key {
    case "heartbeat" where seconds == 0:
      throw InventoryError(
        location: setting.location,
        message: "'heartbeat' must be more than 0 seconds: the driver renews its leases every heartbeat")
    case "restore_wait" where seconds > VolumesSection.maximumRestoreWait:
      throw InventoryError(
        location: setting.location,
        message: "'restore_wait' must be at most \(VolumesSection.maximumRestoreWait) s (Docker gives a Mount 120 s,"
          + " and a Mount may first wait 20 s for another node's release), found \(seconds) s")
    case "snapshot_interval" where seconds > 0 && seconds < VolumesSection.minimumSnapshotInterval:
      throw InventoryError(
        location: setting.location,
        message: "'snapshot_interval' must be 0 (only the final snapshot at unmount) or at least"
          + " \(VolumesSection.minimumSnapshotInterval) s, found \(seconds) s")
    default:
      return
    }
  }

  /// `lease_ttl` ≥ 3 × `heartbeat`, with the default standing in for the one not written. The error points at
  /// `lease_ttl` when it is written, else at `heartbeat`.
  static func checkLease(_ section: VolumesSection) throws(InventoryError) {
    let heartbeat = section.heartbeat?.seconds ?? VolumesSection.defaultHeartbeat
    let ttl = section.leaseTTL?.seconds ?? VolumesSection.defaultLeaseTTL
    let times = VolumesSection.heartbeatsPerLease
    let (minimum, overflow) = heartbeat.multipliedReportingOverflow(by: times)
    guard overflow || ttl < minimum else { return }
    let product = "\(times) × \(heartbeat) s" + (overflow ? "" : " = \(minimum) s")
    if let leaseTTL = section.leaseTTL {
      let origin = section.heartbeat.map { "'heartbeat' at \($0.location)" } ?? "the default 'heartbeat'"
      throw InventoryError(
        location: leaseTTL.location,
        message: "'lease_ttl' is \(ttl) s but must be at least three heartbeats (\(product), \(origin)),"
          + " or a lease would expire while its node is still alive")
    }
    if let written = section.heartbeat {
      throw InventoryError(
        location: written.location,
        message: "'heartbeat' is \(heartbeat) s, so 'lease_ttl' must be at least three heartbeats (\(product)),"
          + " more than its default \(VolumesSection.defaultLeaseTTL) s; set 'lease_ttl' too, or shorten the heartbeat")
    }
  }
}
