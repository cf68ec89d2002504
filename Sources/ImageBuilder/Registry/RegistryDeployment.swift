import DockerEngine

/// The registry `skep registry deploy` runs: one task of a distribution v2 image (upstream `registry:2`, or one laid
/// out like it) pinned to a node, its storage on a local volume there, its port published in host mode on the
/// node's own address. Pure: the service spec and what an existing service says about itself.
public struct RegistryDeployment: Sendable, Hashable {
  /// The swarm service's name.
  public static let serviceName = "skep-registry"
  /// The local volume on the node that holds every blob and manifest.
  public static let volumeName = "skep-registry"
  /// Where the image keeps its storage (upstream's `rootdirectory`).
  public static let storagePath = "/var/lib/registry"
  /// The image's config file (upstream's path), which `garbage-collect` reads too.
  public static let configPath = "/etc/docker/registry/config.yml"
  /// The registry program in the image (upstream's path).
  public static let program = "/bin/registry"
  /// The port the registry listens on inside its container.
  public static let containerPort = 5000
  /// Marks the service as skep's registry; the value is the `host:port` it serves, which `prune` matches against
  /// the inventory's `registry:` to know it may run the garbage collection.
  public static let addressLabel = "skep.registry.address"
  /// The node's name (its hostname in the swarm).
  public static let nodeLabel = "skep.registry.node"
  /// The environment variable that puts the registry in read-only maintenance mode (pulls work, pushes get 405).
  public static let readOnlyVariable = "REGISTRY_STORAGE_MAINTENANCE_READONLY"

  /// The inventory node it runs on (swarm hostname).
  public var node: String
  /// The node's address, where the port is published.
  public var address: String
  /// The published port.
  public var port: Int
  /// The registry image.
  public var image: String
  /// Read-only maintenance mode, for the garbage collection.
  public var readOnly: Bool

  public init(node: String, address: String, port: Int, image: String, readOnly: Bool = false) {
    self.node = node
    self.address = address
    self.port = port
    self.image = image
    self.readOnly = readOnly
  }

  /// `address:port`, what the inventory's `registry:` records.
  public var endpoint: String { "\(address):\(port)" }

  /// The environment: deletes on (prune needs them), storage and listen address pinned so an image with another
  /// default config still behaves, and the read-only switch when asked.
  public var environment: [String] {
    var environment = [
      "REGISTRY_HTTP_ADDR=:\(Self.containerPort)",
      "REGISTRY_STORAGE_DELETE_ENABLED=true",
      "REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=\(Self.storagePath)",
    ]
    if readOnly { environment.append("\(Self.readOnlyVariable)={\"enabled\":true}") }
    return environment
  }

  /// The service spec: one replica on `node`, restarted whatever the exit, published in host mode.
  public var spec: ServiceSpec {
    let volume = ContainerSpec.Mount(
      type: "volume", source: Self.volumeName, target: Self.storagePath,
      volumeOptions: .init(labels: ["skep.registry": "true"]))
    return ServiceSpec(
      name: Self.serviceName,
      labels: [Self.addressLabel: endpoint, Self.nodeLabel: node],
      taskTemplate: TaskTemplate(
        containerSpec: ContainerSpec(image: image, env: environment, mounts: [volume]),
        restartPolicy: .init(condition: "any"),
        placement: .init(constraints: ["node.hostname==\(node)"])),
      mode: .replicated(replicas: 1),
      endpointSpec: EndpointSpec(ports: [
        .init(targetPort: Self.containerPort, publishedPort: port, publishMode: "host")
      ]))
  }

  /// What an existing service of that name was deployed as, read back from its labels, image and environment;
  /// nil when it is not one skep made (no address or node label).
  public init?(service spec: ServiceSpec) {
    guard let endpoint = spec.labels?[Self.addressLabel], let node = spec.labels?[Self.nodeLabel],
      let colon = endpoint.lastIndex(of: ":"), let port = Int(endpoint[endpoint.index(after: colon)...])
    else { return nil }
    let environment = spec.taskTemplate.containerSpec.env ?? []
    self.init(
      node: node, address: String(endpoint[..<colon]), port: port, image: spec.taskTemplate.containerSpec.image,
      readOnly: environment.contains { $0.hasPrefix(Self.readOnlyVariable + "=") })
  }

  /// The image without the `@sha256:…` pin swarm adds when it resolves a tag, for comparing with what was asked.
  public static func unpinned(_ image: String) -> String {
    guard let at = image.firstIndex(of: "@") else { return image }
    return String(image[..<at])
  }
}
