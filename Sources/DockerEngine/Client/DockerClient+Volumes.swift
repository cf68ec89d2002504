extension DockerClient {
  /// `GET /volumes`, e.g. `filters: ["label": ["skep.backup=true"]]`.
  public func volumes(filters: [String: [String]] = [:]) async throws -> [Volume] {
    struct List: Decodable {
      var volumes: [Volume]?
      enum CodingKeys: String, CodingKey { case volumes = "Volumes" }
    }
    return try await send(try await request(.GET, "/volumes", query: Self.filtersQuery(filters)), as: List.self)
      .volumes ?? []
  }

  /// `GET /volumes/{name}`.
  public func volume(_ name: String) async throws -> Volume {
    try await send(try await request(.GET, "/volumes/" + Self.pathComponent(name)), as: Volume.self)
  }

  /// `POST /volumes/create`; returns the volume as created (or as it already existed).
  public func createVolume(_ request: VolumeCreateRequest) async throws -> Volume {
    try await send(try await self.request(.POST, "/volumes/create", json: request), as: Volume.self)
  }

  /// `DELETE /volumes/{name}?force=…`.
  public func removeVolume(_ name: String, force: Bool = false) async throws {
    _ = try await send(
      try await request(.DELETE, "/volumes/" + Self.pathComponent(name), query: [("force", String(force))]))
  }
}
