import Foundation
import NIOCore
import NIOFoundationCompat

extension DockerClient {
  /// `POST /services/create`; returns the new service's ID.
  public func createService(_ spec: ServiceSpec) async throws -> String {
    struct Created: Decodable {
      var id: String
      enum CodingKeys: String, CodingKey { case id = "ID" }
    }
    return try await send(try await request(.POST, "/services/create", json: spec), as: Created.self).id
  }

  /// `GET /services/{id}`; a name works too.
  public func service(_ idOrName: String) async throws -> Service {
    try await send(try await request(.GET, "/services/" + Self.pathComponent(idOrName)), as: Service.self)
  }

  /// `GET /services`, e.g. `filters: ["label": ["skep.kind=backup"]]`.
  public func services(filters: [String: [String]] = [:]) async throws -> [Service] {
    try await send(try await request(.GET, "/services", query: Self.filtersQuery(filters)), as: [Service].self)
  }

  /// `POST /services/{id}/update?version=N`: replaces the spec. `version` is `service.version.index` as read.
  public func updateService(_ id: String, version: UInt64, spec: ServiceSpec) async throws {
    let path = "/services/\(Self.pathComponent(id))/update"
    _ = try await send(try await request(.POST, path, query: [("version", String(version))], json: spec))
  }

  /// `DELETE /services/{id}`.
  public func removeService(_ id: String) async throws {
    _ = try await send(try await request(.DELETE, "/services/" + Self.pathComponent(id)))
  }

  /// `GET /services/{id}/logs`: output of all the service's tasks (json-file, local or journald drivers only).
  public func serviceLogs(_ id: String, options: LogsOptions = LogsOptions()) -> AsyncThrowingStream<
    LogFrame, any Error
  > {
    frameStream(tty: options.tty) {
      try await request(.GET, "/services/\(Self.pathComponent(id))/logs", query: options.query, streaming: true)
    }
  }

  /// `GET /tasks`, e.g. `filters: ["service": ["backup"], "desired-state": ["running"]]`.
  public func tasks(filters: [String: [String]] = [:]) async throws -> [SwarmTask] {
    try await send(try await request(.GET, "/tasks", query: Self.filtersQuery(filters)), as: [SwarmTask].self)
  }
}

extension DockerClient {
  /// Changes a service's placement constraints without round-tripping its spec through ``ServiceSpec`` (which
  /// models only the fields skep writes): the spec is read and written back as raw JSON, so a user's service keeps
  /// every field it has (volume drivers, resources, networks, …). Returns the constraints written.
  @discardableResult
  public func updateServiceConstraints(_ id: String, _ change: @Sendable ([String]) -> [String]) async throws
    -> [String]
  {
    let path = "/services/" + Self.pathComponent(id)
    let body = try await send(try await request(.GET, path))
    guard var service = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any],
      var spec = service["Spec"] as? [String: Any],
      let version = (service["Version"] as? [String: Any])?["Index"] as? NSNumber
    else {
      throw DockerEngineError.decoding(type: "Service", path: path, reason: "no Spec or Version in the answer")
    }
    var template = spec["TaskTemplate"] as? [String: Any] ?? [:]
    var placement = template["Placement"] as? [String: Any] ?? [:]
    let constraints = change(placement["Constraints"] as? [String] ?? [])
    placement["Constraints"] = constraints
    template["Placement"] = placement
    spec["TaskTemplate"] = template
    service["Spec"] = spec
    var update = HTTPRequest(
      method: .POST, path: try await versioned(path + "/update"), query: [("version", version.stringValue)])
    update.timeout = timeout
    update.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: spec)))
    update.headers.add(name: "Content-Type", value: "application/json")
    _ = try await send(update)
    return constraints
  }
}
