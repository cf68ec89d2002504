import Backup
import Foundation
import Testing

/// True when the Debian restic the tests need is installed.
let resticInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/restic")

/// A temporary directory with a restic repository path, a password and helpers to run plain restic.
struct ResticFixture {
  let root: URL
  let password = "pw-\(UUID().uuidString)"
  var repository: String { root.appendingPathComponent("repo").path }
  var cache: String { root.appendingPathComponent("cache").path }

  /// Runs `body` with a fresh fixture and removes it afterwards.
  static func with<T>(_ body: (ResticFixture) async throws -> T) async throws -> T {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("skep-backup-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    return try await body(ResticFixture(root: root))
  }

  func path(_ name: String) -> String { root.appendingPathComponent(name).path }

  /// skep's runner for this repository.
  func restic(password: String? = nil, repository: String? = nil) -> Restic {
    Restic(
      repository: ResticRepository(
        location: repository ?? self.repository, password: .literal(password ?? self.password)),
      cacheDirectory: cache)
  }

  /// Runs plain `restic` the way a user would, with the repository and password in the environment.
  @discardableResult
  func plain(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/restic")
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["RESTIC_REPOSITORY"] = repository
    environment["RESTIC_PASSWORD"] = password
    environment["RESTIC_CACHE_DIR"] = cache
    process.environment = environment
    let out = root.appendingPathComponent("plain-\(UUID().uuidString).out")
    let err = root.appendingPathComponent("plain-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    process.waitUntilExit()
    return (
      process.terminationStatus, try String(contentsOf: out, encoding: .utf8),
      try String(contentsOf: err, encoding: .utf8)
    )
  }

  /// Decodes `restic snapshots --json --tag FILTER` run with plain restic: the ids a user would see.
  func plainSnapshotIDs(tag: String) throws -> [String] {
    let result = try plain(["snapshots", "--json", "--tag", tag])
    #expect(result.status == 0, "\(result.stderr)")
    struct Entry: Decodable { var id: String }
    return try JSONDecoder().decode([Entry].self, from: Data(result.stdout.utf8)).map(\.id)
  }
}
