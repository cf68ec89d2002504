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
    try await removePasswordSecret(manager)
    return BackupFixture(
      suffix: String(suffix), manager: manager, nas: nas, repository: repository, password: password,
      passwordFile: passwordFile, inventory: inventory)
  }

  /// Removes the swarm's password secret, if there is one. A swarm keeps a secret that a service uses, so first the
  /// skep jobs still holding it go (an earlier scenario's: one that skep-control started just before the scenario
  /// removed skep-control lives on). Any other service holding it fails the test by name: silently keeping the secret
  /// would fail the next `backup init` with "a different password" instead.
  func removePasswordSecret(_ manager: DockerClient) async throws {
    let name = SwarmJobSpec.passwordSecretName
    guard try await manager.secrets(filters: ["name": [name]]).contains(where: { $0.spec.name == name }) else { return }
    let holders = try await manager.services().filter {
      $0.spec.taskTemplate.containerSpec.secrets?.contains { $0.secretName == name } == true
    }
    let jobs = holders.filter { $0.spec.labels?[SwarmJobSpec.jobLabel] != nil }
    for job in jobs { try? await manager.removeService(job.id) }
    let others = holders.filter { $0.spec.labels?[SwarmJobSpec.jobLabel] == nil }.map(\.spec.name)
    try #require(others.isEmpty, "services still use the secret \(name): \(others.joined(separator: ", "))")
    let removed = await sandbox.eventually(timeout: 60) {
      try? await manager.removeSecret(name)
      return try await !manager.secrets(filters: ["name": [name]]).contains { $0.spec.name == name }
    }
    try #require(removed, "the secret \(name) could not be removed after its jobs \(jobs.map(\.spec.name))")
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
