import DockerEngine

extension DockerClient {
  /// Reads a node's spec and version, applies `change`, and writes it back (optimistic concurrency by version).
  func changeNodeSpec(_ id: String, _ change: (inout NodeSpec) -> Void) async throws {
    let node = try await node(id)
    var spec = node.spec
    change(&spec)
    try await updateNode(id, version: node.version.index, spec: spec)
  }
}
