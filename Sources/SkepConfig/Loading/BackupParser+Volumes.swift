import Yams

extension BackupParser {
  static func parseVolumes(_ section: MappingReader) throws(InventoryError) -> [String: VolumeRule] {
    guard let node = section.value("volumes") else { return [:] }
    guard case .mapping = node else {
      throw InventoryError(
        location: section.location(of: node),
        message: "'volumes' must be a mapping of volume names to rules (like 'mysql-data: {consistency: pause}'),"
          + " found \(MappingReader.describe(node))")
    }
    let volumes = try MappingReader(node, name: "volumes", file: section.file, allowed: nil)
    var rules: [String: VolumeRule] = [:]
    for entry in volumes.entries {
      let keyLocation = volumes.location(of: entry.keyNode)
      guard isVolumeName(entry.key) else {
        throw InventoryError(
          location: keyLocation,
          message: "'\(entry.key)' is not a Docker volume name: letters, digits, '_', '.' or '-',"
            + " starting with a letter or digit, at least 2 characters")
      }
      rules[entry.key] = try parseRule(entry, keyLocation: keyLocation, file: section.file)
    }
    return rules
  }

  static func parseRule(
    _ entry: MappingReader.Entry, keyLocation: SourceLocation, file: String
  ) throws(InventoryError) -> VolumeRule {
    if MappingReader.isNull(entry.value) { return VolumeRule(location: keyLocation) }
    let name = "volume '\(entry.key)'"
    let rule = try reader(entry.value, name: name, file: file, allowed: volumeKeys)
    return VolumeRule(
      backup: try rule.optionalBool("backup") ?? true,
      consistency: try parseEnum(rule, key: "consistency", as: ConsistencyMode.self),
      exclude: try parseExclude(rule, volume: entry.key), location: keyLocation)
  }

  /// One pattern or a list of patterns.
  static func parseExclude(_ rule: MappingReader, volume: String) throws(InventoryError) -> [String] {
    guard let node = rule.value("exclude") else { return [] }
    let what = "'exclude' of volume '\(volume)'"
    switch node {
    case .sequence(let patterns):
      var result: [String] = []
      for pattern in patterns {
        let text = try MappingReader.string(pattern, what: "each pattern of \(what)", file: rule.file)
        result.append(try checkPattern(text, at: rule.location(of: pattern)))
      }
      return result
    case .scalar:
      let text = try MappingReader.string(node, what: what, file: rule.file)
      return [try checkPattern(text, at: rule.location(of: node))]
    default:
      throw InventoryError(
        location: rule.location(of: node),
        message: "\(what) must be a pattern or a list of patterns (like [\"*.tmp\", \"cache/\"]), found "
          + MappingReader.describe(node))
    }
  }

  static func checkPattern(_ pattern: String, at location: SourceLocation) throws(InventoryError) -> String {
    guard !pattern.isEmpty, !pattern.contains("\n") else {
      throw InventoryError(location: location, message: "an exclude pattern must be a non-empty single line")
    }
    return pattern
  }

  /// Docker's rule for volume names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
  static func isVolumeName(_ name: String) -> Bool {
    guard name.count >= 2, let first = name.first, first.isASCII, first.isLetter || first.isNumber else {
      return false
    }
    return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
  }
}
