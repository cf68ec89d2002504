import Yams

/// Reads a whole inventory document: the top-level keys, every node, then the cross-node rules.
enum InventoryParser {
  static let keys = ["managers", "registry", "nodes", "backup", "build", "volumes", "setup", "schedule", "control"]

  static func parse(_ text: String, file: String) throws(InventoryError) -> Inventory {
    let start = SourceLocation(file: file, line: 1, column: 1)
    guard let root = try YAMLComposer.compose(text, file: file), !MappingReader.isNull(root) else {
      throw InventoryError(
        location: start, message: "the inventory is empty; expected a mapping with 'managers' and 'nodes'")
    }
    guard case .mapping = root else {
      throw InventoryError(
        location: SourceLocation(file: file, mark: root.mark),
        message: "the inventory must be a mapping with 'managers' and 'nodes', found \(MappingReader.describe(root))")
    }
    let top = try MappingReader(root, name: "the inventory", file: file, allowed: keys)
    let managers = try top.int("managers", meaning: "the wanted number of managers: 1, 3 or 5")
    let registry = try parseRegistry(top)
    let nodes = try parseNodes(top)
    let backup = try parseBackup(top)
    let build = try parseBuild(top)
    let volumes = try parseVolumes(top)
    let setup = try parseSetup(top)
    let schedule = try parseSchedule(top)
    let control = try parseControl(top)
    try InventoryRules.checkUnique(nodes)
    try InventoryRules.checkManagers(managers.value, at: managers.location, nodes: nodes)
    return Inventory(
      file: file, managers: managers.value, managersLocation: managers.location, registry: registry,
      nodes: nodes.map(\.node), backup: backup, build: build, volumes: volumes, setup: setup,
      schedule: schedule, control: control)
  }

  static func parseRegistry(_ top: MappingReader) throws(InventoryError) -> String? {
    guard let registry = try top.optionalString("registry") else { return nil }
    let (host, port) = DockerEndpointRule.splitHostPort(Substring(registry.value))
    guard !host.isEmpty, !host.contains("/"), let port, let number = Int(port), (1...65_535).contains(number) else {
      throw InventoryError(
        location: registry.location,
        message: "'registry' must be host:port of the local registry, like 192.168.1.2:5000; found '\(registry.value)'")
    }
    return registry.value
  }

  static func parseNodes(_ top: MappingReader) throws(InventoryError) -> [ParsedNode] {
    let list = try top.required("nodes", meaning: "the list of machines in the cluster")
    guard case .sequence(let sequence) = list else {
      throw InventoryError(
        location: top.location(of: list),
        message: "'nodes' must be a list of nodes (each entry starting with '- name:'), found "
          + MappingReader.describe(list))
    }
    guard !sequence.isEmpty else {
      throw InventoryError(
        location: top.location(of: list), message: "'nodes' is empty; the inventory needs at least one node")
    }
    var nodes: [ParsedNode] = []
    for (index, entry) in sequence.enumerated() {
      nodes.append(try NodeParser.parse(entry, index: index, file: top.file))
    }
    return nodes
  }

  static func parseBuild(_ top: MappingReader) throws(InventoryError) -> BuildSection? {
    guard let node = top.value("build") else { return nil }
    guard case .mapping = node else {
      throw InventoryError(
        location: top.location(of: node),
        message: "'build' must be a mapping (like 'tag_format: \"%Y%m%d\"'), found \(MappingReader.describe(node))")
    }
    return try BuildParser.parse(node, file: top.file)
  }

  static func parseVolumes(_ top: MappingReader) throws(InventoryError) -> VolumesSection? {
    guard let node = top.value("volumes") else { return nil }
    guard case .mapping = node else {
      throw InventoryError(
        location: top.location(of: node),
        message: "'volumes' must be a mapping of volume driver settings (like 'lease_ttl: 45s'), found "
          + MappingReader.describe(node))
    }
    return try VolumesParser.parse(node, file: top.file)
  }

  static func parseSetup(_ top: MappingReader) throws(InventoryError) -> SetupSection? {
    guard let node = top.value("setup") else { return nil }
    guard case .mapping = node else {
      throw InventoryError(
        location: top.location(of: node),
        message: "'setup' must be a mapping of what 'skep node setup' applies (like 'ssh: {user: pi}'), found "
          + MappingReader.describe(node))
    }
    return try SetupParser.parse(node, file: top.file)
  }

  static func parseSchedule(_ top: MappingReader) throws(InventoryError) -> ScheduleSection? {
    guard let node = top.value("schedule") else { return nil }
    guard case .mapping = node else {
      throw InventoryError(
        location: top.location(of: node),
        message: "'schedule' must be a mapping of when skep-control runs its jobs (like 'jobs: {backup: \"@daily\"}'),"
          + " found \(MappingReader.describe(node))")
    }
    return try ScheduleParser.parse(node, file: top.file)
  }

  static func parseControl(_ top: MappingReader) throws(InventoryError) -> ControlSection? {
    guard let node = top.value("control") else { return nil }
    guard case .mapping = node else {
      throw InventoryError(
        location: top.location(of: node),
        message: "'control' must be a mapping of how skep-control is published and notifies (like 'port: 8484'),"
          + " found \(MappingReader.describe(node))")
    }
    return try ControlParser.parse(node, file: top.file)
  }

  static func parseBackup(_ top: MappingReader) throws(InventoryError) -> BackupSection? {
    guard let node = top.value("backup") else { return nil }
    guard case .mapping = node else {
      throw InventoryError(
        location: top.location(of: node),
        message:
          "'backup' must be a mapping (like 'repository: /srv/nas/restic'), found \(MappingReader.describe(node))"
      )
    }
    return try BackupParser.parse(node, file: top.file)
  }
}
