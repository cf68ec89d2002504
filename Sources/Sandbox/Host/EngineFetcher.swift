import Foundation
import Logging

/// Fetches Debian trixie's docker.io (26.1) and tini with apt pointed at the machine's mirror, using private
/// sources/lists/cache directories so the machine's own apt state is untouched, and unpacks them with `dpkg -x`.
///
/// Signatures: the trixie Release file is verified by apt against /usr/share/keyrings/debian-archive-keyring.gpg
/// (bookworm's debian-archive-keyring ships trixie's keys); the .debs are checked against the signed Packages index.
/// Nothing is marked trusted. If the keyring lacks the key, apt fails and we say so.
public struct EngineFetcher: Sendable {
  public var runner: CommandRunner
  public var cache: SandboxCache
  public static let keyring = "/usr/share/keyrings/debian-archive-keyring.gpg"

  public init(runner: CommandRunner, cache: SandboxCache) {
    self.runner = runner
    self.cache = cache
  }

  /// The apt `-o` options that confine apt to the cache directory.
  public static func aptOptions(aptDirectory: String) -> [String] {
    [
      "-o", "Dir::Etc::SourceList=/dev/null",
      "-o", "Dir::Etc::SourceParts=\(aptDirectory)/sources.list.d",
      "-o", "Dir::State::Lists=\(aptDirectory)/lists",
      "-o", "Dir::State::status=/dev/null",
      "-o", "Dir::Cache=\(aptDirectory)/cache",
      "-o", "Dir::Cache::Archives=\(aptDirectory)/cache/archives",
      "-o", "APT::Sandbox::User=root",
    ]
  }

  /// deb822 text for the trixie source.
  public static func sourcesText(mirror: String) -> String {
    "Types: deb\nURIs: \(mirror)\nSuites: trixie\nComponents: main\nSigned-By: \(keyring)\n"
  }

  /// Unpacks the engine unless it is already in the cache.
  public func ensureEngine(mirror: String) async throws {
    let marker = "\(cache.trixieEngineRoot)/.complete"
    if FileManager.default.fileExists(atPath: marker) { return }
    let started = Date()
    runner.logger.info("fetching Docker 26.1 (trixie docker.io) from \(mirror)")
    try cache.createDirectories()
    let token = UUID().uuidString.prefix(8).lowercased()
    let apt = "\(cache.root)/.apt-trixie-\(token)"
    let download = "\(apt)/download"
    defer { try? FileManager.default.removeItem(atPath: apt) }
    for directory in ["sources.list.d", "lists/partial", "cache/archives/partial", "download"] {
      try FileManager.default.createDirectory(atPath: "\(apt)/\(directory)", withIntermediateDirectories: true)
    }
    try Data(Self.sourcesText(mirror: mirror).utf8).write(
      to: URL(fileURLWithPath: "\(apt)/sources.list.d/skep-trixie.sources"))
    let options = Self.aptOptions(aptDirectory: apt)
    do {
      try await runner.run(["apt-get", "-q"] + options + ["update"])
    } catch {
      throw SandboxError(
        .commandFailed,
        "apt could not read trixie's signed index from \(mirror); if it reports NO_PUBKEY, update debian-archive-keyring",
        cause: ErrorDetail(error))
    }
    try await runner.run(["apt-get", "-q"] + options + ["download", "docker.io", "tini"], directory: download)
    let debs = try FileManager.default.contentsOfDirectory(atPath: download).filter { $0.hasSuffix(".deb") }
    guard debs.contains(where: { $0.hasPrefix("docker.io_") }), debs.contains(where: { $0.hasPrefix("tini_") }) else {
      throw SandboxError(.commandFailed, "apt did not download docker.io and tini from trixie (got \(debs))")
    }
    let partial = "\(cache.enginesDirectory)/.docker-26.1-\(token).partial"
    for deb in debs { try await runner.run(["dpkg", "-x", "\(download)/\(deb)", partial]) }
    guard FileManager.default.isExecutableFile(atPath: "\(partial)/usr/sbin/dockerd"),
      FileManager.default.isExecutableFile(atPath: "\(partial)/usr/bin/docker-init")
    else {
      throw SandboxError(.commandFailed, "the trixie packages did not contain usr/sbin/dockerd and usr/bin/docker-init")
    }
    _ = FileManager.default.createFile(atPath: "\(partial)/.complete", contents: Data("26.1\n".utf8))
    if FileManager.default.fileExists(atPath: cache.trixieEngineRoot), !FileManager.default.fileExists(atPath: marker) {
      try await runner.run(["rm", "-rf", cache.trixieEngineRoot])
    }
    try SandboxCache.publish(partial, as: cache.trixieEngineRoot)
    runner.logger.info("Docker 26.1 unpacked in \(Int(Date().timeIntervalSince(started)))s")
  }
}
