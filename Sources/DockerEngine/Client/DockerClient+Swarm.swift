import Foundation
import NIOCore

extension DockerClient {
  /// `POST /swarm/init`: makes this daemon the first manager of a new swarm.
  /// - Returns: the new node's ID.
  public func swarmInit(_ request: SwarmInitRequest) async throws -> String {
    let body = try await send(try await self.request(.POST, "/swarm/init", json: request))
    do {
      return try JSONDecoder().decode(String.self, from: body)
    } catch {
      throw DockerEngineError.decoding(type: "node ID", path: "/swarm/init", reason: Self.describe(error))
    }
  }

  /// `POST /swarm/join`. The body (join token) is never logged.
  public func swarmJoin(_ request: SwarmJoinRequest) async throws {
    var http = try await self.request(.POST, "/swarm/join", json: request)
    http.sensitive = true
    _ = try await send(http)
  }

  /// `POST /swarm/leave`. A manager needs `force` (and loses quorum if it was needed).
  public func swarmLeave(force: Bool) async throws {
    _ = try await send(try await request(.POST, "/swarm/leave", query: [("force", String(force))]))
  }

  /// `GET /swarm` (managers only): ID, version and join tokens.
  public func swarmInspect() async throws -> Swarm {
    try await send(try await request(.GET, "/swarm"), as: Swarm.self)
  }
}
