import Foundation

/// The cache kept between sandboxes: base image tarballs and the unpacked trixie engine.
public struct SandboxCache: Sendable {
  public var root: String

  /// `$SKEP_SANDBOX_CACHE`, else /var/cache/skep/sandbox.
  public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let value = environment["SKEP_SANDBOX_CACHE"], !value.isEmpty { return value }
    return "/var/cache/skep/sandbox"
  }

  public init(root: String) {
    self.root = root
  }

  public var imagesDirectory: String { "\(root)/images" }
  public var enginesDirectory: String { "\(root)/engines" }
  public var logsDirectory: String { "\(root)/logs" }
  public var aptDirectory: String { "\(root)/apt-trixie" }
  /// Where trixie's docker.io and tini are unpacked (`usr/sbin/dockerd`, `usr/bin/docker-init`).
  public var trixieEngineRoot: String { "\(enginesDirectory)/docker-26.1" }

  public func imageTarball(_ image: BaseImage) -> String { "\(imagesDirectory)/\(image.fileName)" }

  /// The directories to put first on PATH for a node running `engine`.
  public func binDirectories(for engine: EngineVersion) -> [String] {
    switch engine {
    case .v20_10: []
    case .v26_1: ["\(trixieEngineRoot)/usr/sbin", "\(trixieEngineRoot)/usr/bin"]
    }
  }

  func createDirectories() throws {
    for directory in [root, imagesDirectory, enginesDirectory, logsDirectory] {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
  }
}
