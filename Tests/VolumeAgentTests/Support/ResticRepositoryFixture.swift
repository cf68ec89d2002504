import Backup
import Foundation
import VolumeAgent

/// True when the restic these tests drive is installed.
let resticInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/restic")

/// A real restic repository (format 2) in a temporary directory, opened with a password file, plus helpers to read
/// it back with plain restic — what a user would see, independent of the code under test.
struct ResticRepositoryFixture: Sendable {
  let directory: TemporaryDirectory

  /// `DIR/repo`: the repository, and the anchor of the lease folder.
  var repository: String { directory.path("repo") }
  var passwordFile: String { directory.path("password") }
  var cache: String { directory.path("cache") }

  /// Runs `body` with a freshly initialised repository; everything is removed afterwards.
  static func with<T>(_ body: (ResticRepositoryFixture) async throws -> T) async throws -> T {
    try await TemporaryDirectory.with { directory in
      let fixture = ResticRepositoryFixture(directory: directory)
      try Data("pw-\(UUID().uuidString)\n".utf8).write(to: URL(fileURLWithPath: fixture.passwordFile))
      let created = try await fixture.plain(["init", "--repository-version", "2"])
      guard created.status == 0 else { throw SetupError("restic init failed: \(created.stderr)") }
      return try await body(fixture)
    }
  }

  /// skep's restic runner on this repository; `passwordFile` overrides the right one.
  func restic(passwordFile: String? = nil, binary: String = "/usr/bin/restic") -> Restic {
    Restic(
      repository: ResticRepository(location: repository, password: .file(passwordFile ?? self.passwordFile)),
      binary: binary, cacheDirectory: cache)
  }

  /// The snapshot store the agent uses.
  func store() -> ResticVolumeStore { ResticVolumeStore(restic: restic()) }

  /// The lease store the agent uses: `REPO/skep/leases`, reachable while the repository is there.
  func leases() -> FileLeaseStore { FileLeaseStore(repository: repository) }

  /// Runs plain `restic` with this repository and password in the environment.
  func plain(_ arguments: [String], directory: String? = nil) async throws -> ChildOutput {
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("RESTIC_") }
    environment["RESTIC_REPOSITORY"] = repository
    environment["RESTIC_PASSWORD_FILE"] = passwordFile
    environment["RESTIC_CACHE_DIR"] = cache
    return try await runChild("/usr/bin/restic", arguments, environment: environment, directory: directory)
  }

  /// One snapshot as `restic snapshots --json` lists it.
  struct PlainSnapshot: Decodable, Sendable {
    var id: String
    var hostname: String
    var tags: [String]?
  }

  /// The snapshots carrying `tag` (every one when nil), as plain restic lists them.
  func snapshots(tag: String? = nil) async throws -> [PlainSnapshot] {
    let result = try await plain(["snapshots", "--json"] + (tag.map { ["--tag", $0] } ?? []))
    guard result.status == 0 else { throw SetupError("restic snapshots failed: \(result.stderr)") }
    return try JSONDecoder().decode([PlainSnapshot].self, from: Data(result.stdout.utf8))
  }

  /// Restores snapshot `id` with plain restic into a new folder of the fixture and returns the folder.
  func restorePlain(_ id: String) async throws -> String {
    let target = directory.path("plain-restore-\(UUID().uuidString.prefix(8))")
    let result = try await plain(["restore", id, "--target", target])
    guard result.status == 0 else { throw SetupError("restic restore failed: \(result.stderr)") }
    return target
  }
}

/// The text of the file at `path`, or nil when there is none.
func text(at path: String) -> String? {
  FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

/// Whether a directory is at `path`.
func directoryExists(_ path: String) -> Bool {
  var isDirectory: ObjCBool = false
  return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
}
