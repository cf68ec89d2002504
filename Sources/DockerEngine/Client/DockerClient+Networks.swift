extension DockerClient {
  /// `POST /networks/create`; returns the new network's ID. An `overlay` network needs a swarm manager;
  /// `attachable` lets plain containers (not only services) join it.
  public func createNetwork(
    name: String, driver: String = "overlay", attachable: Bool = false, labels: [String: String] = [:]
  ) async throws -> String {
    struct Created: Decodable {
      var id: String
      enum CodingKeys: String, CodingKey { case id = "Id" }
    }
    let body = NetworkCreateRequest(
      name: name, driver: driver, attachable: attachable, labels: labels.isEmpty ? nil : labels)
    return try await send(try await request(.POST, "/networks/create", json: body), as: Created.self).id
  }

  /// `GET /networks`, e.g. `filters: ["driver": ["overlay"], "label": ["skep.kind=agent"]]`.
  public func networks(filters: [String: [String]] = [:]) async throws -> [Network] {
    try await send(try await request(.GET, "/networks", query: Self.filtersQuery(filters)), as: [Network].self)
  }

  /// `DELETE /networks/{id}`; a name works too.
  public func removeNetwork(_ idOrName: String) async throws {
    _ = try await send(try await request(.DELETE, "/networks/" + Self.pathComponent(idOrName)))
  }
}
