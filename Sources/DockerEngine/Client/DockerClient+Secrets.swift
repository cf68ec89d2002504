import Foundation

extension DockerClient {
  /// `POST /secrets/create` (managers only): stores `data` as a swarm secret; returns its ID.
  ///
  /// The data is sent base64-encoded in the JSON body and is never logged. Docker refuses a name already taken
  /// (409) — secrets are immutable: remove and recreate to change one.
  public func createSecret(name: String, data: [UInt8], labels: [String: String] = [:]) async throws -> String {
    struct Created: Decodable {
      var id: String
      enum CodingKeys: String, CodingKey { case id = "ID" }
    }
    let body = SecretCreateRequest(
      name: name, labels: labels.isEmpty ? nil : labels, data: Data(data).base64EncodedString())
    var http = try await request(.POST, "/secrets/create", json: body)
    http.sensitive = true
    return try await send(http, as: Created.self).id
  }

  /// `GET /secrets`, e.g. `filters: ["name": ["restic-password"]]` or `["label": ["skep.kind=backup"]]`.
  public func secrets(filters: [String: [String]] = [:]) async throws -> [Secret] {
    try await send(try await request(.GET, "/secrets", query: Self.filtersQuery(filters)), as: [Secret].self)
  }

  /// `GET /secrets/{id}`; a name works too. The answer never holds the data.
  public func secret(_ idOrName: String) async throws -> Secret {
    try await send(try await request(.GET, "/secrets/" + Self.pathComponent(idOrName)), as: Secret.self)
  }

  /// `DELETE /secrets/{id}`; a name works too. Docker refuses (400) while a service uses it.
  public func removeSecret(_ idOrName: String) async throws {
    _ = try await send(try await request(.DELETE, "/secrets/" + Self.pathComponent(idOrName)))
  }
}
