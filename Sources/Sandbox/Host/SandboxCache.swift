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

  /// Moves a finished `partial` file or directory into place with rename(2); if another run published it first,
  /// keeps theirs and removes ours.
  static func publish(_ partial: String, as destination: String) throws {
    if rename(partial, destination) == 0 { return }
    if FileManager.default.fileExists(atPath: destination) {
      try? FileManager.default.removeItem(atPath: partial)
      return
    }
    throw SandboxError(.io, "cannot move \(partial) to \(destination): errno \(errno)")
  }

  /// Removes scratch left by crashed builds (hidden `.…` entries) older than `age` seconds; younger ones may belong to
  /// a build running right now.
  func removeStaleScratch(olderThan age: TimeInterval = 6 * 3600) {
    let manager = FileManager.default
    for directory in [root, imagesDirectory, enginesDirectory] {
      for entry in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where entry.hasPrefix(".") {
        let path = "\(directory)/\(entry)"
        guard entry != ".complete",
          let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
          Date().timeIntervalSince(modified) > age
        else { continue }
        try? manager.removeItem(atPath: path)
      }
    }
  }

  func createDirectories() throws {
    for directory in [root, imagesDirectory, enginesDirectory, logsDirectory] {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
  }
}
