import SkepConfig

/// The docker step: the managed keys of `/etc/docker/daemon.json`, every other key kept.
enum DockerStep {
  /// Keys whose change dockerd applies only when it restarts.
  static let restartKeys: Set<String> = ["storage-driver", "log-driver", "log-opts"]

  /// The managed keys this profile sets, with their values.
  static func wanted(_ docker: SetupSection.Docker) -> [String: JSONValue] {
    var keys: [String: JSONValue] = [:]
    if let value = docker.storageDriver { keys["storage-driver"] = .string(value.value) }
    if let value = docker.insecureRegistries { keys["insecure-registries"] = .array(value.value.map(JSONValue.string)) }
    if let value = docker.registryMirrors { keys["registry-mirrors"] = .array(value.value.map(JSONValue.string)) }
    if let value = docker.logDriver { keys["log-driver"] = .string(value.value) }
    if let value = docker.logOptions { keys["log-opts"] = .object(value.value.mapValues(JSONValue.string)) }
    if let value = docker.liveRestore { keys["live-restore"] = .bool(value.value) }
    return keys
  }

  static func plan(_ docker: SetupSection.Docker, into builder: inout PlanBuilder) {
    let path = ManagedPath.daemonJSON
    guard let text = builder.editableText(of: path, for: .docker) else { return }
    var current: [String: JSONValue] = [:]
    if !text.allSatisfy(\.isWhitespace) {
      do {
        guard case .object(let members) = try JSONValue.parse(text) else {
          builder.problem(.docker, "\(path) is not a JSON object: fix it or remove it", at: docker.location)
          return
        }
        current = members
      } catch {
        builder.problem(.docker, "\(path) is not valid JSON: fix it or remove it", at: docker.location)
        return
      }
    }
    var next = current
    let changed = wanted(docker).filter { current[$0.key] != $0.value }.map(\.key).sorted()
    guard !changed.isEmpty else { return }
    for key in changed { next[key] = wanted(docker)[key] }
    let action: DockerAction = changed.contains(where: restartKeys.contains) ? .restart : .reload
    builder.plan.docker = max(builder.plan.docker, action)
    let content = JSONValue.object(next).pretty() + "\n"
    let verb = action == .restart ? "restart" : "reload"
    builder.write(
      .docker, path: path, content: content,
      summary: "set \(changed.joined(separator: ", ")) in \(path) (dockerd \(verb))")
  }
}
