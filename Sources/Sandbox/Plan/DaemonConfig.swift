import Foundation

/// A node's /etc/docker/daemon.json.
public struct DaemonConfig: Sendable, Equatable {
  public var insecureRegistries: [String]
  /// Containers go under this cgroup (cgroupfs driver), so `down` can find every container process of the node.
  public var cgroupParent: String
  /// Engine labels (`key=value`), visible in `docker info`.
  public var labels: [String]

  public init(insecureRegistries: [String], cgroupParent: String, labels: [String]) {
    self.insecureRegistries = insecureRegistries
    self.cgroupParent = cgroupParent
    self.labels = labels
  }

  /// The config for one node of a sandbox.
  public init(plan: NetworkPlan, node: NamespaceHost, engine: EngineVersion) {
    self.init(
      // The whole sandbox subnet, so a registry that `skep registry deploy` starts on a node is trusted too.
      insecureRegistries: [plan.registryEndpoint, plan.subnet],
      cgroupParent: "/\(node.netns)",
      labels: ["skep.sandbox=\(plan.id.hex)", "skep.sandbox.engine=\(engine.rawValue)"]
    )
  }

  /// Pretty, key-sorted JSON with a trailing newline.
  public func render() throws -> String {
    let object: [String: Any] = [
      "insecure-registries": insecureRegistries,
      "log-driver": "json-file",
      "log-opts": ["max-size": "10m", "max-file": "3"],
      "storage-driver": "overlay2",
      "iptables": true,
      "ip-forward": true,
      "cgroup-parent": cgroupParent,
      "labels": labels,
      "live-restore": false,
    ]
    let data = try JSONSerialization.data(
      withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    // `"key": value`, as people (and `skep node setup`) write it; Foundation on Linux writes `"key" : value`. No key
    // or value here contains that sequence itself.
    return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\" : ", with: "\": ") + "\n"
  }
}
