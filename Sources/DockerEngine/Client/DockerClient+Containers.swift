import Foundation

extension DockerClient {
  /// `GET /containers/json`; `all` includes stopped containers.
  public func containers(all: Bool = false, filters: [String: [String]] = [:]) async throws -> [ContainerSummary] {
    let query = [("all", String(all))] + Self.filtersQuery(filters)
    return try await send(try await request(.GET, "/containers/json", query: query), as: [ContainerSummary].self)
  }

  /// `GET /containers/{id}/json`.
  public func inspectContainer(_ id: String) async throws -> ContainerInspect {
    try await send(try await request(.GET, "/containers/\(Self.pathComponent(id))/json"), as: ContainerInspect.self)
  }

  /// `POST /containers/create?name=…`; returns the new container's ID.
  public func createContainer(name: String? = nil, config: ContainerCreateConfig) async throws -> String {
    struct Created: Decodable {
      var id: String
      enum CodingKeys: String, CodingKey { case id = "Id" }
    }
    let query = name.map { [("name", $0)] } ?? []
    return try await send(try await request(.POST, "/containers/create", query: query, json: config), as: Created.self)
      .id
  }

  /// `POST /containers/{id}/start` (already running is fine).
  public func startContainer(_ id: String) async throws {
    _ = try await send(try await request(.POST, "/containers/\(Self.pathComponent(id))/start"))
  }

  /// `POST /containers/{id}/stop?t=…` (already stopped is fine). `timeout` is the grace period before SIGKILL.
  public func stopContainer(_ id: String, timeout: Int? = nil) async throws {
    let query = timeout.map { [("t", String($0))] } ?? []
    var http = try await request(.POST, "/containers/\(Self.pathComponent(id))/stop", query: query)
    http.timeout = self.timeout + .seconds(Int64(timeout ?? 10))
    _ = try await send(http)
  }

  /// `POST /containers/{id}/kill?signal=…`: sends the signal (default `KILL`) to the container's main process.
  public func killContainer(_ id: String, signal: String = "KILL") async throws {
    _ = try await send(
      try await request(.POST, "/containers/\(Self.pathComponent(id))/kill", query: [("signal", signal)]))
  }

  /// `POST /containers/{id}/wait`: blocks until the container stops; returns its exit code. No time limit.
  public func waitContainer(_ id: String) async throws -> Int {
    struct Waited: Decodable {
      struct Failure: Decodable {
        var message: String?
        enum CodingKeys: String, CodingKey { case message = "Message" }
      }
      var statusCode: Int
      var error: Failure?
      enum CodingKeys: String, CodingKey {
        case statusCode = "StatusCode"
        case error = "Error"
      }
    }
    let http = try await request(.POST, "/containers/\(Self.pathComponent(id))/wait", streaming: true)
    let waited = try await send(http, as: Waited.self)
    if let message = waited.error?.message, !message.isEmpty {
      throw DockerEngineError.http(status: 200, message: message, method: "POST", path: http.path)
    }
    return waited.statusCode
  }

  /// `DELETE /containers/{id}`; `volumes` also removes its anonymous volumes.
  public func removeContainer(_ id: String, force: Bool = false, volumes: Bool = false) async throws {
    let query = [("force", String(force)), ("v", String(volumes))]
    _ = try await send(try await request(.DELETE, "/containers/" + Self.pathComponent(id), query: query))
  }

  /// `POST /containers/{id}/pause`.
  public func pauseContainer(_ id: String) async throws {
    _ = try await send(try await request(.POST, "/containers/\(Self.pathComponent(id))/pause"))
  }

  /// `POST /containers/{id}/unpause`.
  public func unpauseContainer(_ id: String) async throws {
    _ = try await send(try await request(.POST, "/containers/\(Self.pathComponent(id))/unpause"))
  }

  /// `GET /containers/{id}/logs`: stdout/stderr frames in the order the container wrote them.
  /// Starts on first iteration; cancelling or dropping the stream closes the connection.
  public func containerLogs(_ id: String, options: LogsOptions = LogsOptions()) -> AsyncThrowingStream<
    LogFrame, any Error
  > {
    frameStream(tty: options.tty) {
      try await request(.GET, "/containers/\(Self.pathComponent(id))/logs", query: options.query, streaming: true)
    }
  }
}
