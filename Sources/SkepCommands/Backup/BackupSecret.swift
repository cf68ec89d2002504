import Backup
import DockerEngine
import Foundation

/// The repository password as the swarm secret `skep-restic-password`: created once, never read back.
struct BackupSecret {
  /// What `ensure` found or made.
  struct State {
    var id: String
    var created: Bool
    /// The generated password, to show once; nil when it came from a file or the secret existed.
    var generated: String?
  }

  var context: BackupContext
  var image: String

  /// Creates the secret when missing (from `password`, else a generated one). When it exists and a password was
  /// given, checks in a job that both hold the same bytes (Docker never returns a secret), and refuses if not.
  func ensure(password: [UInt8]?) async throws -> State {
    if let id = try await context.passwordSecretID() {
      if let password { try await checkSame(id: id, password: password) }
      return State(id: id, created: false, generated: nil)
    }
    let generated = password == nil ? ResticPasswordGenerator.generate() : nil
    let bytes = password ?? Array((generated ?? "").utf8)
    let id = try await context.manager.createSecret(
      name: SwarmJobSpec.passwordSecretName, data: bytes, labels: [SwarmJobSpec.jobLabel: "backup"])
    return State(id: id, created: true, generated: generated)
  }

  /// Compares the existing secret with `password` inside a job, through a temporary secret removed afterwards.
  private func checkSame(id: String, password: [UInt8]) async throws {
    let name = SwarmJobSpec.uniqueName(prefix: "skep-restic-password-check")
    let temporary = try await context.manager.createSecret(name: name, data: password, labels: ["skep.job": "check"])
    let result: SwarmJob.Result
    do {
      let job = SwarmJobSpec(
        name: SwarmJobSpec.uniqueName(prefix: "skep-backup-check"), image: image,
        command: ["cmp", "-s", SwarmJobSpec.passwordFile, "/run/secrets/\(name)"], placement: .oneTask(node: nil),
        repositoryPath: nil, mountsNodeData: false)
      result = try await SwarmJob(manager: context.manager, timeout: .seconds(300), logger: context.logger)
        .run(job, secretID: id, extraSecrets: [(temporary, name)])
    } catch {
      try? await context.manager.removeSecret(temporary)
      throw error
    }
    try? await context.manager.removeSecret(temporary)
    guard result.succeeded else {
      throw CommandFailure(
        "the swarm secret \(SwarmJobSpec.passwordSecretName) holds a different password than the file given: "
          + "swarm secrets are immutable, so skep will not replace it. To change the repository password, add a "
          + "key with `restic key add`, then `docker secret rm \(SwarmJobSpec.passwordSecretName)` (no backup job "
          + "may be running) and run `skep backup init --password-file` again", exitCode: .refused)
    }
  }
}
