import Foundation
import NIOCore

extension DockerClient {
  /// `POST /build?version=1…`: the classic builder over a tar context (no BuildKit session; works on API 1.41).
  ///
  /// The stream yields the builder's lines (`stream` text); the built image ID arrives in a line's `aux.id`.
  /// A line reporting `error`/`errorDetail` (a failing `RUN`, a missing base image) ends the stream with
  /// `DockerEngineError.http`. Intermediate containers are always removed (`rm=1&forcerm=1`).
  /// - Parameters:
  ///   - context: a tar archive holding the Dockerfile and everything it `COPY`s.
  ///   - tag: `name:tag` references given to the result.
  ///   - dockerfile: the Dockerfile's path inside the context.
  ///   - buildArgs: `ARG` values.
  ///   - labels: labels added to the image.
  ///   - pull: always try to pull a newer base image.
  ///   - noCache: do not use the build cache.
  public func build(
    context: UploadSource, tag: [String], dockerfile: String = "Dockerfile", buildArgs: [String: String] = [:],
    labels: [String: String] = [:], pull: Bool = false, noCache: Bool = false
  ) -> AsyncThrowingStream<ProgressMessage, any Error> {
    var query: [(String, String)] = [("version", "1")] + tag.map { ("t", $0) }
    query += [
      ("dockerfile", dockerfile), ("buildargs", Self.jsonObject(buildArgs)), ("labels", Self.jsonObject(labels)),
    ]
    query += [("rm", "1"), ("forcerm", "1")]
    if pull { query.append(("pull", "1")) }
    if noCache { query.append(("nocache", "1")) }
    let fixedQuery = query
    return jsonLineStream(of: ProgressMessage.self, check: { $0.failure }) {
      var http = try await request(.POST, "/build", query: fixedQuery, streaming: true)
      Self.attach(context, to: &http)
      return http
    }
  }

  /// `GET /images/{name}/json`.
  public func inspectImage(_ name: String) async throws -> ImageInspect {
    try await send(try await request(.GET, "/images/\(Self.imagePath(name))/json"), as: ImageInspect.self)
  }

  /// `POST /images/create?fromImage=…&tag=…` as a progress stream; a failure reported in the stream is thrown.
  /// - Parameters:
  ///   - image: the repository, e.g. `registry.lan:5000/skep`.
  ///   - tag: the tag (or `sha256:` digest); nil pulls what the daemon defaults to (`latest`).
  ///   - registryAuth: the `X-Registry-Auth` value; the default (base64 of `{}`) suits a registry without
  ///     authentication. Never logged.
  public func pullImage(_ image: String, tag: String? = nil, registryAuth: String = "e30=")
    -> AsyncThrowingStream<ProgressMessage, any Error>
  {
    let query = [("fromImage", image)] + (tag.map { [("tag", $0)] } ?? [])
    return jsonLineStream(of: ProgressMessage.self, check: { $0.failure }) {
      var http = try await request(.POST, "/images/create", query: query, streaming: true)
      http.headers.add(name: "X-Registry-Auth", value: registryAuth)
      return http
    }
  }

  /// Sets a tar upload as the request body.
  static func attach(_ source: UploadSource, to http: inout HTTPRequest) {
    http.headers.add(name: "Content-Type", value: "application/x-tar")
    switch source {
    case .bytes(let bytes): http.body = .bytes(ByteBuffer(bytes: bytes))
    case .file(let file): http.body = .file(path: file)
    }
  }

  /// A string map as the JSON object Docker expects in `buildargs`/`labels` (`{}` when empty).
  static func jsonObject(_ map: [String: String]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(map) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}
