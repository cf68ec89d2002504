import Backup
import DockerEngine
import Foundation
import Logging
import Sandbox
import SkepTestSupport
import Testing

/// A restic repository of its own in the sandbox NAS, a password file and an inventory pointing at them.
struct BackupFixture {
  var suffix: String
  var manager: DockerClient
  var nas: String
  var repository: String
  var password: String
  var passwordFile: String
  var inventory: String
}

extension SwarmFormationTests {
  /// `cluster up`, `sandbox image`, then a fresh repository and inventory named after `name` and a unique suffix.
  /// Removes the swarm's password secret (a previous run's would hold another password); `backup init` is the
  /// caller's.
  func backupFixture(name: String) async throws -> BackupFixture {
    #expect(try await sandbox.skep(["cluster", "up"]).status == 0)
    let image = try await sandbox.skep(["sandbox", "image", "--dir", sandbox.directory])
    #expect(image.status == 0, "sandbox image failed: \(image.stderr)")
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let manager = try sandbox.client(nodes[0].name)
    let nas = sandbox.directory + "/nas"
    let repository = "\(nas)/restic-\(name)-\(suffix)"
    try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
    let password = "pw-\(UUID().uuidString)"
    let passwordFile = "\(nas)/password-\(suffix)"
    try password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
    let inventory = try sandbox.writeInventory(
      try backupInventoryText(repository: repository), name: "\(name)-\(suffix).yml")
    try? await manager.removeSecret(SwarmJobSpec.passwordSecretName)
    return BackupFixture(
      suffix: String(suffix), manager: manager, nas: nas, repository: repository, password: password,
      passwordFile: passwordFile, inventory: inventory)
  }

  /// ``backupFixture(name:)`` with `skep backup init` run on it (the password secret created from its file).
  func initializedBackupFixture(name: String) async throws -> BackupFixture {
    let fixture = try await backupFixture(name: name)
    let initialized = try await sandbox.skep(
      ["backup", "init", "--password-file", fixture.passwordFile], inventory: fixture.inventory)
    try #require(initialized.status == 0, "backup init: \(initialized.stderr)")
    return fixture
  }

  /// The sandbox inventory with another repository.
  func backupInventoryText(repository: String) throws -> String {
    let text = try String(contentsOfFile: sandbox.inventoryPath, encoding: .utf8)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.trimmingCharacters(in: .whitespaces).hasPrefix("repository:") ? "  repository: \(repository)" : String(line)
    }.joined(separator: "\n")
  }

  /// Runs this machine's restic against a repository, the password through a file.
  @discardableResult
  func hostRestic(_ arguments: [String], repository: String, passwordText: String) async throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)").path
    try passwordText.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    var environment = ProcessInfo.processInfo.environment
    environment["RESTIC_REPOSITORY"] = repository
    environment["RESTIC_PASSWORD_FILE"] = file
    environment["RESTIC_CACHE_DIR"] = FileManager.default.temporaryDirectory.path + "/restic-cache-tests"
    let output = try await CommandRunner(logger: Logger(label: "skep.tests")).run(
      ["restic"] + arguments, environment: environment, check: false)
    guard output.status == 0 else { throw FixtureError("restic \(arguments): \(output.stderr)") }
    return output.stdout
  }
}
