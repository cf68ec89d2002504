import Yams

extension SetupParser {
  static func parseDocker(_ node: Node, file: String) throws(InventoryError) -> SetupSection.Docker {
    typealias Docker = SetupSection.Docker
    let docker = try Fields.part(
      node, key: "docker", example: "storage_driver: overlay2", allowed: Docker.keys, file: file)
    let registries = try docker.list(
      "insecure_registries", of: .registry, example: "[nas.lan:5000, 192.168.1.2:5000]")
    let mirrors = try docker.list("registry_mirrors", of: .mirror, example: "[\"https://mirror.gcr.io\"]")
    return Docker(
      storageDriver: try docker.choice("storage_driver", among: Docker.storageDrivers),
      insecureRegistries: registries.map { Located($0.value.map(\.value), at: $0.location) },
      registryMirrors: mirrors.map { Located($0.value.map(\.value), at: $0.location) },
      logDriver: try docker.choice("log_driver", among: Docker.logDrivers),
      logOptions: try parseLogOptions(docker), liveRestore: try parseLiveRestore(docker),
      restartCommand: try docker.text("restart_command", .command(like: Docker.defaultRestartCommand)),
      reloadCommand: try docker.text("reload_command", .command(like: Docker.defaultReloadCommand)),
      location: docker.location)
  }

  /// `log_opts`: option names to values, each taken as text like node labels (`max-file: 3` is `"3"`).
  static func parseLogOptions(_ docker: Fields) throws(InventoryError) -> Located<[String: String]>? {
    guard let node = docker.reader.value("log_opts") else { return nil }
    let what = docker.what("log_opts")
    let location = docker.reader.location(of: node)
    guard case .mapping = node else {
      throw InventoryError(
        location: location,
        message: "\(what) must be a mapping of option names to values (like 'max-size: 10m'), found "
          + MappingReader.describe(node))
    }
    let options = try MappingReader(node, name: "setup.docker.log_opts", file: docker.reader.file, allowed: nil)
    var result: [String: String] = [:]
    for entry in options.entries {
      if entry.key.isEmpty {
        throw InventoryError(
          location: options.location(of: entry.keyNode), message: "option names in \(what) must not be empty")
      }
      result[entry.key] = try MappingReader.string(
        entry.value, what: "option '\(entry.key)' of \(what)", file: docker.reader.file)
    }
    return Located(result, at: location)
  }

  /// `live_restore`: only `false`, since dockerd will not take part in a swarm with live-restore on.
  static func parseLiveRestore(_ docker: Fields) throws(InventoryError) -> Located<Bool>? {
    guard let liveRestore = try docker.bool("live_restore") else { return nil }
    if liveRestore.value {
      throw InventoryError(
        location: liveRestore.location,
        message: "\(docker.what("live_restore")) must be false: dockerd refuses live-restore in swarm mode"
          + " (\"--live-restore daemon configuration is incompatible with swarm mode\")")
    }
    return liveRestore
  }
}
