import DockerEngine
import NIOCore

/// What a node's daemon says about itself.
public struct EngineInfo: Sendable, Codable, Equatable {
  public var version: String
  public var apiVersion: String
}

/// Asks a node's socket `/_ping` and `/version` through `DockerClient`, with a short timeout.
public enum EngineProbe {
  static func client(_ socket: String) -> DockerClient {
    DockerClient(endpoint: DockerEndpoint(transport: .unix(path: socket)), timeout: .seconds(3))
  }

  /// True when `GET /_ping` answers.
  public static func ping(socket: String) async -> Bool {
    (try? await client(socket).ping()) != nil
  }

  /// The daemon's `Version` and `ApiVersion`, or nil if it does not answer.
  public static func version(socket: String) async -> EngineInfo? {
    guard let version = try? await client(socket).version(), let number = version.version else { return nil }
    return EngineInfo(version: number, apiVersion: version.apiVersion)
  }
}
