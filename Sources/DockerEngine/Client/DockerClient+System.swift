import Foundation
import NIOCore

extension DockerClient {
  /// `GET /_ping`: succeeds when the daemon answers at all. Does not negotiate.
  public func ping() async throws {
    _ = try await send(HTTPRequest(method: .GET, path: "/_ping", timeout: timeout))
  }

  /// `GET /version` (unversioned, so it works before negotiation).
  public func version() async throws -> SystemVersion {
    try await send(HTTPRequest(method: .GET, path: "/version", timeout: timeout), as: SystemVersion.self)
  }

  /// `GET /info`, including this daemon's swarm membership.
  public func info() async throws -> SystemInfo {
    try await send(try await request(.GET, "/info"), as: SystemInfo.self)
  }
}

extension DockerClient {
  /// Docker's `filters` query value: `{"label":["a=b"]}`.
  static func filtersQuery(_ filters: [String: [String]]) -> [(String, String)] {
    guard !filters.isEmpty else { return [] }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(filters) else { return [] }
    return [("filters", String(decoding: data, as: UTF8.self))]
  }
}
