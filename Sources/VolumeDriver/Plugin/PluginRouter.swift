import Foundation

/// One HTTP answer of the plugin socket: a status and a JSON body.
public struct PluginResponse: Sendable, Hashable {
  /// 200 on success, 500 when `Err` is set, 400 for an undecodable body, 404 for an unknown endpoint.
  public var status: Int
  /// The JSON body.
  public var body: Data

  /// Creates an answer.
  public init(status: Int, body: Data) {
    self.status = status
    self.body = body
  }
}

/// Maps a plugin request (path and body bytes) to its answer through a ``VolumeDriverHandler``; no sockets.
///
/// Every endpoint is a POST; the HTTP layer passes the path and the body as received. An empty body or `null` reads
/// as `{}` (Docker sends no arguments to Activate, List and Capabilities).
public struct PluginRouter<Handler: VolumeDriverHandler>: Sendable {
  /// The `Content-Type` of every answer.
  public static var contentType: String { "application/vnd.docker.plugins.v1.1+json" }

  /// The handler requests go to.
  public let handler: Handler

  /// Creates a router.
  public init(handler: Handler) { self.handler = handler }

  /// The answer to one request.
  public func route(path: String, body: Data) async -> PluginResponse {
    let endpoint = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
    do {
      return try await answer(endpoint: endpoint, body: body)
    } catch let error as PluginRequestError {
      return Self.failure(status: error.status, message: error.message)
    } catch let error as VolumeDriverError {
      return Self.failure(status: 500, message: error.message)
    } catch {
      return Self.failure(status: 500, message: String(describing: error))
    }
  }

  func answer(endpoint: String, body: Data) async throws -> PluginResponse {
    switch endpoint {
    case "/Plugin.Activate":
      return try Self.success(PluginActivateResponse())
    case "/VolumeDriver.Create":
      try await handler.create(try Self.decode(VolumeCreateRequest.self, body))
      return try Self.success(VolumeErrorResponse())
    case "/VolumeDriver.Remove":
      try await handler.remove(try Self.decode(VolumeNameRequest.self, body))
      return try Self.success(VolumeErrorResponse())
    case "/VolumeDriver.Mount":
      let mountpoint = try await handler.mount(try Self.decode(VolumeMountRequest.self, body))
      return try Self.success(VolumeMountResponse(mountpoint: mountpoint))
    case "/VolumeDriver.Unmount":
      try await handler.unmount(try Self.decode(VolumeMountRequest.self, body))
      return try Self.success(VolumeErrorResponse())
    case "/VolumeDriver.Path":
      let mountpoint = try await handler.path(try Self.decode(VolumeNameRequest.self, body))
      return try Self.success(VolumeMountResponse(mountpoint: mountpoint))
    case "/VolumeDriver.Get":
      let volume = try await handler.get(try Self.decode(VolumeNameRequest.self, body))
      return try Self.success(VolumeGetResponse(volume: volume))
    case "/VolumeDriver.List":
      return try Self.success(VolumeListResponse(volumes: try await handler.list()))
    case "/VolumeDriver.Capabilities":
      return try Self.success(VolumeCapabilitiesResponse(capabilities: await handler.capabilities()))
    case "/Skep.SnapshotNow":
      let snapshot = try await handler.snapshotNow(try Self.decode(VolumeNameRequest.self, body))
      return try Self.success(SnapshotNowResponse(snapshot: snapshot))
    default:
      throw PluginRequestError(status: 404, message: "unknown plugin endpoint \(endpoint)")
    }
  }

  static func decode<Request: Decodable>(_ type: Request.Type, _ body: Data) throws -> Request {
    let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let json = text.isEmpty || text == "null" ? Data("{}".utf8) : body
    do {
      return try JSONDecoder().decode(type, from: json)
    } catch {
      throw PluginRequestError(status: 400, message: "cannot read the request: \(error)")
    }
  }

  static func success<Answer: Encodable>(_ answer: Answer) throws -> PluginResponse {
    PluginResponse(status: 200, body: try encoder.encode(answer))
  }

  static func failure(status: Int, message: String) -> PluginResponse {
    let body = (try? encoder.encode(VolumeErrorResponse(err: message))) ?? Data(#"{"Err":"internal error"}"#.utf8)
    return PluginResponse(status: status, body: body)
  }

  static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }
}

/// A request the router cannot serve, with its HTTP status.
struct PluginRequestError: Error {
  var status: Int
  var message: String
}
