/// One machine of the cluster, as the inventory describes it.
public struct InventoryNode: Sendable, Hashable {
  /// The swarm node's hostname: a lowercase hostname label, unique in the inventory.
  public var name: String
  /// IP or DNS name the swarm advertises and listens on (port 2377), unique in the inventory.
  public var address: String
  /// Docker endpoint: `unix:///path`, `tcp://host:port` or `ssh://[user@]host[:port]`.
  public var docker: String
  /// The pinned role (default `.auto`).
  public var role: NodeRole
  /// Whether plain `tcp://` to a non-loopback address is allowed (default `false`).
  public var insecure: Bool
  /// TLS settings; only with a `tcp://` endpoint.
  public var tls: NodeTLS?
  /// Node labels applied by `skep cluster up`.
  public var labels: [String: String]
  /// Location of the node's mapping (its first key).
  public var location: SourceLocation
  /// Location of the `docker` value.
  public var dockerLocation: SourceLocation
  /// Location of the `address` value.
  public var addressLocation: SourceLocation

  /// Creates a node; `location` is used for the other locations when they are not given.
  public init(
    name: String, address: String, docker: String, role: NodeRole = .auto, insecure: Bool = false,
    tls: NodeTLS? = nil, labels: [String: String] = [:], location: SourceLocation,
    dockerLocation: SourceLocation? = nil, addressLocation: SourceLocation? = nil
  ) {
    self.name = name
    self.address = address
    self.docker = docker
    self.role = role
    self.insecure = insecure
    self.tls = tls
    self.labels = labels
    self.location = location
    self.dockerLocation = dockerLocation ?? location
    self.addressLocation = addressLocation ?? location
  }
}
