/// A swarm service (`GET /services/{id}`).
public struct Service: Codable, Sendable, Hashable {
  public var id: String
  public var version: ObjectVersion
  public var spec: ServiceSpec
  public var createdAt: String?
  public var updatedAt: String?

  enum CodingKeys: String, CodingKey {
    case id = "ID"
    case version = "Version"
    case spec = "Spec"
    case createdAt = "CreatedAt"
    case updatedAt = "UpdatedAt"
  }
}

/// What a service should run (the fields skep uses; others keep their daemon defaults on create).
///
/// Note: `updateService` replaces the whole spec, so fields not modelled here are reset on update.
public struct ServiceSpec: Codable, Sendable, Hashable {
  public var name: String
  public var labels: [String: String]?
  public var taskTemplate: TaskTemplate
  public var mode: ServiceMode
  public var endpointSpec: EndpointSpec?

  public init(
    name: String, labels: [String: String]? = nil, taskTemplate: TaskTemplate, mode: ServiceMode,
    endpointSpec: EndpointSpec? = nil
  ) {
    self.name = name
    self.labels = labels
    self.taskTemplate = taskTemplate
    self.mode = mode
    self.endpointSpec = endpointSpec
  }

  enum CodingKeys: String, CodingKey {
    case name = "Name"
    case labels = "Labels"
    case taskTemplate = "TaskTemplate"
    case mode = "Mode"
    case endpointSpec = "EndpointSpec"
  }
}

/// How each task of a service is made.
public struct TaskTemplate: Codable, Sendable, Hashable {
  public var containerSpec: ContainerSpec
  public var restartPolicy: RestartPolicy?
  public var placement: Placement?
  /// Bump to re-run a job or force a rolling restart with an unchanged spec.
  public var forceUpdate: UInt64?
  public var logDriver: LogDriver?
  public var networks: [NetworkAttachment]?

  public init(
    containerSpec: ContainerSpec, restartPolicy: RestartPolicy? = nil, placement: Placement? = nil,
    forceUpdate: UInt64? = nil, logDriver: LogDriver? = nil, networks: [NetworkAttachment]? = nil
  ) {
    self.containerSpec = containerSpec
    self.restartPolicy = restartPolicy
    self.placement = placement
    self.forceUpdate = forceUpdate
    self.logDriver = logDriver
    self.networks = networks
  }

  enum CodingKeys: String, CodingKey {
    case containerSpec = "ContainerSpec"
    case restartPolicy = "RestartPolicy"
    case placement = "Placement"
    case forceUpdate = "ForceUpdate"
    case logDriver = "LogDriver"
    case networks = "Networks"
  }

  /// `{"Condition":"none|on-failure|any","MaxAttempts":N}`.
  public struct RestartPolicy: Codable, Sendable, Hashable {
    public var condition: String?
    public var maxAttempts: UInt64?
    public init(condition: String? = nil, maxAttempts: UInt64? = nil) {
      self.condition = condition
      self.maxAttempts = maxAttempts
    }
    enum CodingKeys: String, CodingKey {
      case condition = "Condition"
      case maxAttempts = "MaxAttempts"
    }
  }

  /// Placement constraints such as `node.hostname==node1`.
  public struct Placement: Codable, Sendable, Hashable {
    public var constraints: [String]?
    public init(constraints: [String]? = nil) { self.constraints = constraints }
    enum CodingKeys: String, CodingKey { case constraints = "Constraints" }
  }

  /// `{"Name":"json-file","Options":{…}}`.
  public struct LogDriver: Codable, Sendable, Hashable {
    public var name: String
    public var options: [String: String]?
    public init(name: String, options: [String: String]? = nil) {
      self.name = name
      self.options = options
    }
    enum CodingKeys: String, CodingKey {
      case name = "Name"
      case options = "Options"
    }
  }

  /// A network the tasks join, by name or ID.
  public struct NetworkAttachment: Codable, Sendable, Hashable {
    public var target: String
    public var aliases: [String]?
    public init(target: String, aliases: [String]? = nil) {
      self.target = target
      self.aliases = aliases
    }
    enum CodingKeys: String, CodingKey {
      case target = "Target"
      case aliases = "Aliases"
    }
  }
}

/// How a service is exposed. Use `mode: "dnsrr"` and host-mode ports where IPVS is missing.
public struct EndpointSpec: Codable, Sendable, Hashable {
  /// `{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"host"}`.
  public struct Port: Codable, Sendable, Hashable {
    public var `protocol`: String?
    public var targetPort: Int
    public var publishedPort: Int?
    public var publishMode: String?
    public init(protocol: String? = "tcp", targetPort: Int, publishedPort: Int? = nil, publishMode: String? = nil) {
      self.protocol = `protocol`
      self.targetPort = targetPort
      self.publishedPort = publishedPort
      self.publishMode = publishMode
    }
    enum CodingKeys: String, CodingKey {
      case `protocol` = "Protocol"
      case targetPort = "TargetPort"
      case publishedPort = "PublishedPort"
      case publishMode = "PublishMode"
    }
  }

  /// `vip` or `dnsrr`.
  public var mode: String?
  public var ports: [Port]?
  public init(mode: String? = nil, ports: [Port]? = nil) {
    self.mode = mode
    self.ports = ports
  }
  enum CodingKeys: String, CodingKey {
    case mode = "Mode"
    case ports = "Ports"
  }
}
