extension DockerClient {
  /// `GET /nodes` (managers only). Filters as in `docker node ls --filter`, e.g. `["role": ["manager"]]`.
  public func nodes(filters: [String: [String]] = [:]) async throws -> [SwarmNode] {
    try await send(try await request(.GET, "/nodes", query: Self.filtersQuery(filters)), as: [SwarmNode].self)
  }

  /// `GET /nodes/{id}`; `id` may also be a hostname.
  public func node(_ id: String) async throws -> SwarmNode {
    try await send(try await request(.GET, "/nodes/" + Self.pathComponent(id)), as: SwarmNode.self)
  }

  /// `POST /nodes/{id}/update?version=N`: replaces the node's spec. `version` is `node.version.index` as read.
  public func updateNode(_ id: String, version: UInt64, spec: NodeSpec) async throws {
    _ = try await send(
      try await request(
        .POST, "/nodes/\(Self.pathComponent(id))/update", query: [("version", String(version))], json: spec))
  }

  /// `DELETE /nodes/{id}`; `force` removes a node that is still up.
  public func removeNode(_ id: String, force: Bool) async throws {
    _ = try await send(
      try await request(.DELETE, "/nodes/" + Self.pathComponent(id), query: [("force", String(force))]))
  }

  /// Percent-encodes a name for use as one path segment.
  static func pathComponent(_ name: String) -> String {
    HTTPRequest.encode(name)
  }
}
