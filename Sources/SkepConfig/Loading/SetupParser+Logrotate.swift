import Yams

extension SetupParser {
  /// `logrotate`: a non-empty list of rules. A path is written once in the whole list: logrotate refuses a file
  /// listed twice ("duplicate log entry") and would skip the whole of `/etc/logrotate.d/skep`.
  static func parseLogrotate(_ node: Node, file: String) throws(InventoryError) -> [SetupSection.LogrotateRule] {
    let location = SourceLocation(file: file, mark: node.mark)
    guard case .sequence(let entries) = node else {
      throw InventoryError(
        location: location,
        message: "'setup.logrotate' must be a list of rules (each starting with '- paths:'), found "
          + MappingReader.describe(node))
    }
    guard !entries.isEmpty else {
      throw InventoryError(location: location, message: "'setup.logrotate' is empty; expected at least one rule")
    }
    var rules: [SetupSection.LogrotateRule] = []
    var seen: [String: (rule: Int, location: SourceLocation)] = [:]
    for (index, entry) in entries.enumerated() {
      let (rule, paths) = try parseLogrotateRule(entry, number: index + 1, file: file)
      for path in paths {
        if let first = seen[path.value] {
          throw InventoryError(
            location: path.location,
            message: "'\(path.value)' is already in logrotate rule #\(first.rule) (at \(first.location));"
              + " logrotate refuses a file listed twice")
        }
        seen[path.value] = (index + 1, path.location)
      }
      rules.append(rule)
    }
    return rules
  }

  static func parseLogrotateRule(
    _ node: Node, number: Int, file: String
  ) throws(InventoryError) -> (SetupSection.LogrotateRule, paths: [Located<String>]) {
    typealias Rule = SetupSection.LogrotateRule
    let name = "logrotate rule #\(number)"
    try Fields.requireMapping(node, what: name, example: "paths: [/var/log/app/*.log]", file: file)
    let fields = Fields(
      try MappingReader(node, name: name, file: file, allowed: Rule.keys), prefix: "", suffix: " of \(name)")
    let paths = try fields.required(
      fields.list("paths", of: .logPath, example: "[/var/log/app/*.log]"), "paths",
      meaning: "absolute paths or globs of the log files")
    var rule = Rule(paths: paths.value.map(\.value), location: fields.location)
    if let frequency = try fields.choice("frequency", among: Rule.frequencies) { rule.frequency = frequency.value }
    if let rotate = try fields.integer("rotate", in: 1...365) { rule.rotate = rotate.value }
    rule.maxSize = try fields.text("max_size", .logrotateSize)?.value
    if let compress = try fields.bool("compress") { rule.compress = compress.value }
    return (rule, paths.value)
  }
}
