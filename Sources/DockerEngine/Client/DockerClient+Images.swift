import Foundation
import NIOCore
import NIOHTTP1

extension DockerClient {
  /// `GET /images/json`.
  public func images(all: Bool = false, filters: [String: [String]] = [:]) async throws -> [ImageSummary] {
    let query = [("all", String(all))] + Self.filtersQuery(filters)
    return try await send(try await request(.GET, "/images/json", query: query), as: [ImageSummary].self)
  }

  /// `POST /images/create?fromSrc=-&repo=…&tag=…`: imports a root filesystem tarball as an image.
  /// - Returns: the new image ID as reported by the daemon.
  public func importImage(
    from source: UploadSource, repository: String, tag: String = "latest", changes: [String] = []
  ) async throws -> String {
    let query = [("fromSrc", "-"), ("repo", repository), ("tag", tag)] + changes.map { ("changes", $0) }
    let messages = try await upload(source, path: "/images/create", query: query)
    return messages.compactMap(\.status).last?.trimmingWhitespace() ?? ""
  }

  /// `POST /images/load`: loads a `docker save` tarball. Returns the daemon's lines (`Loaded image: …`).
  public func loadImage(from source: UploadSource) async throws -> [String] {
    let messages = try await upload(source, path: "/images/load", query: [("quiet", "false")])
    return messages.compactMap { ($0.stream ?? $0.status)?.trimmingWhitespace() }.filter { !$0.isEmpty }
  }

  /// `POST /images/{name}/tag?repo=…&tag=…`.
  public func tagImage(_ name: String, repository: String, tag: String) async throws {
    let query = [("repo", repository), ("tag", tag)]
    _ = try await send(try await request(.POST, "/images/\(Self.imagePath(name))/tag", query: query))
  }

  /// `POST /images/{name}/push?tag=…` as a progress stream; a failure reported in the stream is thrown.
  /// - Parameter registryAuth: the `X-Registry-Auth` value; the default (base64 of `{}`) suits a registry
  ///   without authentication. Never logged.
  public func pushImage(_ name: String, tag: String? = nil, registryAuth: String = "e30=")
    -> AsyncThrowingStream<ProgressMessage, any Error>
  {
    jsonLineStream(of: ProgressMessage.self, check: { $0.failure }) {
      var http = try await request(
        .POST, "/images/\(Self.imagePath(name))/push", query: tag.map { [("tag", $0)] } ?? [], streaming: true)
      http.headers.add(name: "X-Registry-Auth", value: registryAuth)
      return http
    }
  }

  /// `DELETE /images/{name}?force=…`.
  public func removeImage(_ name: String, force: Bool = false) async throws {
    _ = try await send(try await request(.DELETE, "/images/" + Self.imagePath(name), query: [("force", String(force))]))
  }

  /// Image references keep their `/`, `:` and `@` (the daemon routes `/images/{name:.*}/…`).
  static func imagePath(_ name: String) -> String {
    name.split(separator: "/", omittingEmptySubsequences: false).map { segment in
      segment.split(separator: ":", omittingEmptySubsequences: false).map { part in
        part.split(separator: "@", omittingEmptySubsequences: false).map { HTTPRequest.encode(String($0)) }
          .joined(separator: "@")
      }.joined(separator: ":")
    }.joined(separator: "/")
  }

  private func upload(_ source: UploadSource, path: String, query: [(String, String)]) async throws
    -> [ProgressMessage]
  {
    var http = try await request(.POST, path, query: query, streaming: true)
    Self.attach(source, to: &http)
    let request = http
    var messages: [ProgressMessage] = []
    for try await message in jsonLineStream(of: ProgressMessage.self, check: { $0.failure }, { request }) {
      messages.append(message)
    }
    return messages
  }
}

extension DockerClient {
  /// What the registry holds for a reference, as seen by this daemon (`GET /distribution/{name}/json`).
  public struct DistributionDescriptor: Decodable, Sendable, Hashable {
    /// The manifest's digest, `sha256:…`.
    public var digest: String
    /// The manifest's media type.
    public var mediaType: String?
  }

  /// `GET /distribution/{name}/json`: the registry's current manifest digest for `reference`, asked through the
  /// daemon (which knows the registry's address, TLS and mirrors); nil when the registry has no such tag.
  public func distributionDescriptor(_ reference: String, registryAuth: String = "e30=") async throws
    -> DistributionDescriptor?
  {
    struct Answer: Decodable {
      var descriptor: DistributionDescriptor
      enum CodingKeys: String, CodingKey { case descriptor = "Descriptor" }
    }
    var http = try await request(.GET, "/distribution/\(Self.imagePath(reference))/json")
    http.headers.add(name: "X-Registry-Auth", value: registryAuth)
    do {
      return try await send(http, as: Answer.self).descriptor
    } catch DockerEngineError.http(let status, let message, _, _)
      where status == 404 || message.contains("manifest unknown") || message.contains("not found")
    {
      return nil
    }
  }
}
