/// Everything `down` and `status` need, written to `<dir>/state.json` step by step during `up`, so a crash half-way
/// still leaves a record of what to remove.
public struct SandboxState: Sendable, Codable, Equatable {
  public struct Node: Sendable, Codable, Equatable {
    public var name: String
    public var address: String
    public var netns: String
    public var engine: EngineVersion
    public var socket: String
    public var root: String
    public var log: String
    public var pidFile: String
    /// The dockerd pid once it wrote its pidfile.
    public var dockerdPid: Int32?
    public var cgroupParent: String
    /// Paths bind-mounted inside the node's own mount namespace (gone when its processes are).
    public var mounts: [String]
  }

  public struct Registry: Sendable, Codable, Equatable {
    public var netns: String
    public var address: String
    public var endpoint: String
    public var pid: Int32?
    public var log: String
  }

  public var format = 1
  public var directory: String
  public var id: String
  public var bridge: String
  public var subnet: String
  public var hostAddress: String
  public var iptablesComment: String
  public var managers: Int
  /// Namespaces created so far.
  public var netns: [String] = []
  /// Host-side veths created so far.
  public var veths: [String] = []
  public var bridgeCreated = false
  /// iptables rules added (argv without the verb).
  public var iptablesRules: [[String]] = []
  public var registry: Registry?
  public var nodes: [Node] = []
  /// `starting` while `up` runs, `up` once every node answered.
  public var phase = "starting"

  public init(directory: String, plan: NetworkPlan, managers: Int) {
    self.directory = directory
    id = plan.id.hex
    bridge = plan.bridge
    subnet = plan.subnet
    hostAddress = plan.hostAddress
    iptablesComment = plan.iptablesComment
    self.managers = managers
  }
}
