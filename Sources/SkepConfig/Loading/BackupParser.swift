import Yams

/// Reads and checks the `backup:` section.
enum BackupParser {
  static let keys = ["repository", "compression", "keep", "volumes"]
  static let volumeKeys = ["backup", "consistency", "exclude"]
  /// Keys people bring from restic or other tools, with where they go in skep.yml.
  static let hints = [
    "retention": "retention is written 'keep:' (like keep: {daily: 7, weekly: 4})",
    "keep-last": "write 'keep: {last: N}'", "keep-hourly": "write 'keep: {hourly: N}'",
    "keep-daily": "write 'keep: {daily: N}'", "keep-weekly": "write 'keep: {weekly: N}'",
    "keep-monthly": "write 'keep: {monthly: N}'", "keep-yearly": "write 'keep: {yearly: N}'",
    "password": "the password is not kept in skep.yml: 'skep backup init' stores it as a swarm secret",
  ]

  static func parse(_ node: Node, file: String) throws(InventoryError) -> BackupSection {
    let section = try reader(node, name: "backup", file: file, allowed: keys)
    var keyLocations: [String: SourceLocation] = [:]
    for entry in section.entries {
      keyLocations[entry.key] = section.location(of: entry.keyNode)
    }
    let repository = try section.string(
      "repository", meaning: "where restic keeps the backups: \(BackupRepositoryRule.examples)")
    let kind: BackupRepositoryKind
    switch BackupRepositoryRule.check(repository.value) {
    case .success(let found): kind = found
    case .failure(let problem): throw InventoryError(location: repository.location, message: problem.message)
    }
    let compression = try parseEnum(section, key: "compression", as: BackupCompression.self) ?? .auto
    let retention = try parseRetention(section)
    let volumes = try parseVolumes(section)
    let yaml = (try? Yams.serialize(node: node)) ?? ""
    return BackupSection(
      repository: repository.value, repositoryKind: kind, repositoryLocation: repository.location,
      compression: compression, retention: retention, volumes: volumes, location: section.location, yaml: yaml,
      keyLocations: keyLocations)
  }

  /// A reader whose unknown-key messages know the backup hints.
  static func reader(_ node: Node, name: String, file: String, allowed: [String]) throws(InventoryError)
    -> MappingReader
  {
    let loose = try MappingReader(node, name: name, file: file, allowed: nil)
    for entry in loose.entries where !allowed.contains(entry.key) {
      var message = MappingReader.unknownKeyMessage(entry.key, in: name, allowed: allowed)
      if let hint = hints[entry.key], Suggestion.closest(to: entry.key, among: allowed) == nil {
        message = "unknown key '\(entry.key)' in \(name); \(hint)"
      }
      throw InventoryError(location: loose.location(of: entry.keyNode), message: message)
    }
    return loose
  }

  static func parseEnum<Value: RawRepresentable & CaseIterable>(
    _ reader: MappingReader, key: String, as: Value.Type
  ) throws(InventoryError) -> Value? where Value.RawValue == String {
    guard let text = try reader.optionalString(key) else { return nil }
    if let value = Value(rawValue: text.value) { return value }
    let names = Value.allCases.map(\.rawValue)
    var message = "'\(key)' must be \(names.joined(separator: ", ")), found '\(text.value)'"
    if let suggestion = Suggestion.closest(to: text.value, among: names) {
      message += "; did you mean '\(suggestion)'?"
    }
    throw InventoryError(location: text.location, message: message)
  }

  static func parseRetention(_ section: MappingReader) throws(InventoryError) -> RetentionPolicy {
    guard let node = section.value("keep") else { return RetentionPolicy() }
    let keep = try reader(node, name: "keep", file: section.file, allowed: RetentionPolicy.keys)
    var counts: [String: Int] = [:]
    for entry in keep.entries {
      counts[entry.key] = try count(entry, in: keep)
    }
    return RetentionPolicy(
      last: counts["last"], hourly: counts["hourly"], daily: counts["daily"], weekly: counts["weekly"],
      monthly: counts["monthly"], yearly: counts["yearly"])
  }

  static func count(_ entry: MappingReader.Entry, in keep: MappingReader) throws(InventoryError) -> Int {
    let location = keep.location(of: entry.value)
    guard case .scalar(let scalar) = entry.value, scalar.style == .plain, let value = Int(scalar.string) else {
      throw InventoryError(
        location: location,
        message: "'keep.\(entry.key)' must be a whole number of snapshots, found \(MappingReader.describe(entry.value))"
      )
    }
    guard value >= 0 else {
      throw InventoryError(
        location: location, message: "'keep.\(entry.key)' must be 0 or more snapshots, found \(value)")
    }
    return value
  }
}
