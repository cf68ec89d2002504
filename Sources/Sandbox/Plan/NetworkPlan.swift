/// One network-namespace host on the sandbox bridge: a node or the registry.
public struct NamespaceHost: Sendable, Equatable, Codable {
  /// `node1`…`nodeN` or `registry`.
  public var name: String
  /// Network namespace name, e.g. `skep-1a2b3c-node1`.
  public var netns: String
  /// IPv4 address on the bridge, without prefix length.
  public var address: String
  /// The veth end that stays on the host and joins the bridge.
  public var hostVeth: String
  /// The veth end moved into the namespace (renamed `eth0` there).
  public var peerVeth: String
}

/// Every name and address a sandbox uses, computed from its directory and node count alone.
public struct NetworkPlan: Sendable, Equatable, Codable {
  public var id: SandboxID
  /// Linux bridge name, `skepbr-XXXXXX` (13 characters, under the 15-character limit).
  public var bridge: String
  /// `192.168.K.0/24`.
  public var subnet: String
  /// The host's address on the bridge (`.1`).
  public var hostAddress: String
  public var registry: NamespaceHost
  public var nodes: [NamespaceHost]
  /// The `-m comment` tag on every iptables rule this sandbox adds.
  public var iptablesComment: String

  /// The largest node count the address plan supports (.11 … .60).
  public static let maximumNodes = 50

  public init(directory: String, nodeCount: Int) {
    let id = SandboxID(directory: directory)
    let prefix = "192.168.\(id.subnetOctet)"
    self.id = id
    bridge = "skepbr-\(id.hex)"
    subnet = "\(prefix).0/24"
    hostAddress = "\(prefix).1"
    iptablesComment = "skep-sandbox-\(id.hex)"
    registry = Self.host(id: id, name: "registry", suffix: "r", address: "\(prefix).2")
    nodes = (0..<max(0, nodeCount)).map { index in
      Self.host(id: id, name: "node\(index + 1)", suffix: "n\(index + 1)", address: "\(prefix).\(11 + index)")
    }
  }

  /// The prefix every namespace of this sandbox starts with, for clean-up by name.
  public var netnsPrefix: String { "skep-\(id.hex)-" }
  /// The prefix of every veth this sandbox creates on the host.
  public var vethPrefix: String { "vs\(id.hex)" }
  /// The registry's `host:port`.
  public var registryEndpoint: String { "\(registry.address):5000" }

  private static func host(id: SandboxID, name: String, suffix: String, address: String) -> NamespaceHost {
    NamespaceHost(
      name: name,
      netns: "skep-\(id.hex)-\(name)",
      address: address,
      hostVeth: "vs\(id.hex)\(suffix)",
      peerVeth: "ps\(id.hex)\(suffix)"
    )
  }
}
