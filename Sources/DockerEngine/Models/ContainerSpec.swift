/// The container part of a service's task template.
public struct ContainerSpec: Codable, Sendable, Hashable {
  /// A mount in a service's containers.
  public struct Mount: Codable, Sendable, Hashable {
    /// Options of a `volume` mount: labels set on the volume when the mount creates it.
    public struct VolumeOptions: Codable, Sendable, Hashable {
      /// The volume driver and its options (`volume-driver=skep`); nil for the node's default (`local`).
      public struct DriverConfig: Codable, Sendable, Hashable {
        public var name: String?
        public var options: [String: String]?
        public init(name: String? = nil, options: [String: String]? = nil) {
          self.name = name
          self.options = options
        }
        enum CodingKeys: String, CodingKey {
          case name = "Name"
          case options = "Options"
        }
      }
      public var labels: [String: String]?
      public var driverConfig: DriverConfig?
      public init(labels: [String: String]? = nil, driverConfig: DriverConfig? = nil) {
        self.labels = labels
        self.driverConfig = driverConfig
      }
      enum CodingKeys: String, CodingKey {
        case labels = "Labels"
        case driverConfig = "DriverConfig"
      }
    }

    /// `volume`, `bind` or `tmpfs`.
    public var type: String
    public var source: String?
    public var target: String
    public var readOnly: Bool?
    public var volumeOptions: VolumeOptions?
    public init(
      type: String = "volume", source: String? = nil, target: String, readOnly: Bool? = nil,
      volumeOptions: VolumeOptions? = nil
    ) {
      self.type = type
      self.source = source
      self.target = target
      self.readOnly = readOnly
      self.volumeOptions = volumeOptions
    }
    enum CodingKeys: String, CodingKey {
      case type = "Type"
      case source = "Source"
      case target = "Target"
      case readOnly = "ReadOnly"
      case volumeOptions = "VolumeOptions"
    }
  }

  public var image: String
  /// Replaces the image's entrypoint.
  public var command: [String]?
  /// Replaces the image's CMD.
  public var args: [String]?
  public var env: [String]?
  public var mounts: [Mount]?
  public var labels: [String: String]?
  public var hostname: String?
  public var user: String?
  public var tty: Bool?
  /// Swarm secrets mounted as files under `/run/secrets/`.
  public var secrets: [SecretReference]?

  public init(
    image: String, command: [String]? = nil, args: [String]? = nil, env: [String]? = nil, mounts: [Mount]? = nil,
    labels: [String: String]? = nil, hostname: String? = nil, user: String? = nil, tty: Bool? = nil,
    secrets: [SecretReference]? = nil
  ) {
    self.image = image
    self.command = command
    self.args = args
    self.env = env
    self.mounts = mounts
    self.labels = labels
    self.hostname = hostname
    self.user = user
    self.tty = tty
    self.secrets = secrets
  }

  enum CodingKeys: String, CodingKey {
    case image = "Image"
    case command = "Command"
    case args = "Args"
    case env = "Env"
    case mounts = "Mounts"
    case labels = "Labels"
    case hostname = "Hostname"
    case user = "User"
    case tty = "TTY"
    case secrets = "Secrets"
  }
}
