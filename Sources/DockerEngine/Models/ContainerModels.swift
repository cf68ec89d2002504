/// A mount as reported by `GET /containers/json` and inspect.
public struct MountPoint: Codable, Sendable, Hashable {
  /// `bind`, `volume`, `tmpfs`…
  public var type: String?
  /// Volume name, for volume mounts.
  public var name: String?
  public var source: String?
  public var destination: String?
  public var driver: String?
  public var rw: Bool?

  enum CodingKeys: String, CodingKey {
    case type = "Type"
    case name = "Name"
    case source = "Source"
    case destination = "Destination"
    case driver = "Driver"
    case rw = "RW"
  }
}

/// One row of `GET /containers/json`.
public struct ContainerSummary: Codable, Sendable, Hashable {
  public var id: String
  /// Names with Docker's leading slash, e.g. `/web`.
  public var names: [String]?
  public var image: String?
  /// `created`, `running`, `paused`, `restarting`, `removing`, `exited`, `dead`.
  public var state: String?
  /// Human text, e.g. `Up 2 hours`.
  public var status: String?
  public var labels: [String: String]?
  public var mounts: [MountPoint]?

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case names = "Names"
    case image = "Image"
    case state = "State"
    case status = "Status"
    case labels = "Labels"
    case mounts = "Mounts"
  }
}

/// `GET /containers/{id}/json` (the fields skep uses).
public struct ContainerInspect: Codable, Sendable, Hashable {
  public struct State: Codable, Sendable, Hashable {
    public var status: String?
    public var running: Bool?
    public var paused: Bool?
    public var exitCode: Int?
    public var error: String?
    /// When it last stopped (RFC 3339); Docker's zero time `0001-01-01T00:00:00Z` when it never did.
    public var finishedAt: String?
    enum CodingKeys: String, CodingKey {
      case status = "Status"
      case running = "Running"
      case paused = "Paused"
      case exitCode = "ExitCode"
      case error = "Error"
      case finishedAt = "FinishedAt"
    }
  }
  public struct Config: Codable, Sendable, Hashable {
    public var image: String?
    public var tty: Bool?
    public var labels: [String: String]?
    public var env: [String]?
    enum CodingKeys: String, CodingKey {
      case image = "Image"
      case tty = "Tty"
      case labels = "Labels"
      case env = "Env"
    }
  }

  public var id: String
  /// With Docker's leading slash.
  public var name: String?
  public var image: String?
  public var state: State?
  public var config: Config?
  public var mounts: [MountPoint]?

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case name = "Name"
    case image = "Image"
    case state = "State"
    case config = "Config"
    case mounts = "Mounts"
  }
}

/// `POST /containers/create` body (the fields skep uses).
public struct ContainerCreateConfig: Codable, Sendable, Hashable {
  public struct HostConfig: Codable, Sendable, Hashable {
    /// `volume:/path[:ro]` or `/host:/path[:ro]`.
    public var binds: [String]?
    public var autoRemove: Bool?
    public var networkMode: String?
    public var privileged: Bool?

    public init(binds: [String]? = nil, autoRemove: Bool? = nil, networkMode: String? = nil, privileged: Bool? = nil) {
      self.binds = binds
      self.autoRemove = autoRemove
      self.networkMode = networkMode
      self.privileged = privileged
    }

    enum CodingKeys: String, CodingKey {
      case binds = "Binds"
      case autoRemove = "AutoRemove"
      case networkMode = "NetworkMode"
      case privileged = "Privileged"
    }
  }

  public var image: String
  public var cmd: [String]?
  public var entrypoint: [String]?
  public var env: [String]?
  public var tty: Bool?
  public var labels: [String: String]?
  public var workingDir: String?
  public var user: String?
  public var hostConfig: HostConfig?

  public init(
    image: String, cmd: [String]? = nil, entrypoint: [String]? = nil, env: [String]? = nil, tty: Bool? = nil,
    labels: [String: String]? = nil, workingDir: String? = nil, user: String? = nil, hostConfig: HostConfig? = nil
  ) {
    self.image = image
    self.cmd = cmd
    self.entrypoint = entrypoint
    self.env = env
    self.tty = tty
    self.labels = labels
    self.workingDir = workingDir
    self.user = user
    self.hostConfig = hostConfig
  }

  enum CodingKeys: String, CodingKey {
    case image = "Image"
    case cmd = "Cmd"
    case entrypoint = "Entrypoint"
    case env = "Env"
    case tty = "Tty"
    case labels = "Labels"
    case workingDir = "WorkingDir"
    case user = "User"
    case hostConfig = "HostConfig"
  }
}

/// Options for container and service logs.
public struct LogsOptions: Sendable, Hashable {
  public var stdout: Bool
  public var stderr: Bool
  /// Keep the stream open for new output.
  public var follow: Bool
  /// Prefix each line with an RFC 3339 timestamp.
  public var timestamps: Bool
  /// Only the last N lines (`"all"` when nil).
  public var tail: Int?
  /// Unix timestamp (seconds) to start from.
  public var since: Int?
  /// Whether the container has a TTY (then its output is a raw, unsplit stream on API 1.41).
  public var tty: Bool

  public init(
    stdout: Bool = true, stderr: Bool = true, follow: Bool = false, timestamps: Bool = false, tail: Int? = nil,
    since: Int? = nil, tty: Bool = false
  ) {
    self.stdout = stdout
    self.stderr = stderr
    self.follow = follow
    self.timestamps = timestamps
    self.tail = tail
    self.since = since
    self.tty = tty
  }

  var query: [(String, String)] {
    var query = [
      ("stdout", String(stdout)), ("stderr", String(stderr)), ("follow", String(follow)),
      ("timestamps", String(timestamps)), ("tail", tail.map(String.init) ?? "all"),
    ]
    if let since { query.append(("since", String(since))) }
    return query
  }
}
