import Foundation
import Logging

/// Builds (once) and imports the sandbox's base images.
public struct ImageBuilder: Sendable {
  public var runner: CommandRunner
  public var cache: SandboxCache

  public init(runner: CommandRunner, cache: SandboxCache) {
    self.runner = runner
    self.cache = cache
  }

  /// Makes every missing tarball, the debootstraps running in parallel.
  public func ensureTarballs(_ images: [BaseImage], mirror: String) async throws {
    try cache.createDirectories()
    cache.removeStaleScratch()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for image in images where !FileManager.default.fileExists(atPath: cache.imageTarball(image)) {
        group.addTask { try await build(image, mirror: mirror) }
      }
      try await group.waitForAll()
    }
  }

  /// debootstrap bookworm (minbase) into a scratch dir, add the image's extras, tar it, move it into place.
  func build(_ image: BaseImage, mirror: String) async throws {
    let started = Date()
    // Unique scratch names: two sandboxes may build the same image at once; the first to finish wins.
    let token = UUID().uuidString.prefix(8).lowercased()
    let scratch = "\(cache.imagesDirectory)/.\(image.rawValue)-\(token).rootfs"
    let partial = "\(cache.imagesDirectory)/.\(image.fileName)-\(token).partial"
    let log = "\(cache.logsDirectory)/debootstrap-\(image.rawValue).log"
    runner.logger.info("building image \(image.tags.joined(separator: ", ")) with debootstrap from \(mirror)")
    try await runner.run(["rm", "-rf", scratch, partial])
    let script = [
      "debootstrap --variant=minbase --include=\(image.includes.joined(separator: ",")) bookworm "
        + "\(ShellQuote.quote(scratch)) \(ShellQuote.quote(mirror)) >\(ShellQuote.quote(log)) 2>&1"
    ]
    do {
      try await runner.run(["sh", "-c", script.joined()])
    } catch {
      throw SandboxError(
        .commandFailed, "debootstrap of \(image.rawValue) failed; see \(log)", cause: ErrorDetail(error))
    }
    try finish(image, rootfs: scratch)
    try await runner.run(["tar", "--numeric-owner", "-C", scratch, "-cf", partial, "."])
    try await runner.run(["rm", "-rf", scratch])
    try SandboxCache.publish(partial, as: cache.imageTarball(image))
    let seconds = Int(Date().timeIntervalSince(started))
    runner.logger.info("image \(image.rawValue) built in \(seconds)s")
  }

  /// Trims apt caches; for mariadb, empties the datadir and adds the entrypoint.
  private func finish(_ image: BaseImage, rootfs: String) throws {
    let manager = FileManager.default
    for directory in ["var/cache/apt/archives", "var/lib/apt/lists"] {
      let path = "\(rootfs)/\(directory)"
      for entry in (try? manager.contentsOfDirectory(atPath: path)) ?? [] where entry != "partial" && entry != "lock" {
        try? manager.removeItem(atPath: "\(path)/\(entry)")
      }
    }
    if image == .mariadb {
      // mariadb-server's postinst initialised a datadir; the entrypoint must find it empty to apply MARIADB_* settings.
      let datadir = "\(rootfs)/var/lib/mysql"
      for entry in (try? manager.contentsOfDirectory(atPath: datadir)) ?? [] {
        try manager.removeItem(atPath: "\(datadir)/\(entry)")
      }
      let path = "\(rootfs)/\(MariaDBEntrypoint.path)"
      try Data(MariaDBEntrypoint.script.utf8).write(to: URL(fileURLWithPath: path))
      try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
  }

  /// Imports `image` into the daemon at `socket` under all its tags.
  public func importImage(_ image: BaseImage, socket: String) async throws {
    var argv = ["docker", "-H", "unix://\(socket)", "import"]
    for change in image.changes { argv += ["--change", change] }
    argv += [cache.imageTarball(image), image.tags[0]]
    try await runner.run(argv)
    for tag in image.tags.dropFirst() {
      try await runner.run(["docker", "-H", "unix://\(socket)", "tag", image.tags[0], tag])
    }
  }
}
