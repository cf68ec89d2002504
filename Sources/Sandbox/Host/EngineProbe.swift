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

  /// Polls `/_ping` until the daemon answers (true) or `timeout` seconds pass (false).
  public static func waitUntilAnswers(socket: String, timeout: Double) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(timeout)
    while await !ping(socket: socket) {
      guard ContinuousClock.now < deadline else { return false }
      try? await Task.sleep(for: .milliseconds(300))
    }
    return true
  }

  /// The daemon's `Version` and `ApiVersion`, or nil if it does not answer.
  public static func version(socket: String) async -> EngineInfo? {
    guard let version = try? await client(socket).version(), let number = version.version else { return nil }
    return EngineInfo(version: number, apiVersion: version.apiVersion)
  }
}
