import Backup
import Cluster
import DockerEngine
import Foundation
import Logging
import SkepConfig

/// What every `skep backup` command needs: the inventory, a manager, the repository and the image.
struct BackupContext {
  var inventory: Inventory
  var engines: NodeEngines
  var manager: DockerClient
  var repository: String
  var repositoryKind: BackupRepositoryKind
  var logger = Logger(label: "skep.backup")

  /// Loads the inventory and finds a manager that answers; `repository` overrides `backup.repository`.
  static func load(global: GlobalOptions, repository flag: String? = nil) async throws -> BackupContext {
    let inventory = try global.loadInventory()
    guard let repository = flag ?? inventory.backup?.repository else {
      throw CommandFailure(
        "no repository: pass --repository or set backup.repository in \(inventory.file)", exitCode: .invalidInput)
    }
    let kind = try repositoryKind(repository)
    let engines = try NodeEngines(inventory: inventory)
    let manager = try await engines.answeringManager()
    return BackupContext(
      inventory: inventory, engines: engines, manager: manager.client, repository: repository, repositoryKind: kind)
  }

  static func repositoryKind(_ repository: String) throws -> BackupRepositoryKind {
    if repository.hasPrefix("/") { return .local }
    if repository.hasPrefix("sftp:") { return .sftp }
    if repository.hasPrefix("s3:") { return .s3 }
    throw CommandFailure(
      "repository \(repository) is neither an absolute path, sftp:… nor s3:…", exitCode: .invalidInput)
  }

  /// The image the jobs run.
  func image(_ flag: String?) throws -> String {
    guard let image = BackupJobs.image(flag: flag, inventory: inventory) else {
      throw CommandFailure(
        "no skep image: pass --image, or set registry: in \(inventory.file) and push REGISTRY/skep:latest",
        exitCode: .invalidInput)
    }
    return image
  }

  /// The password secret's ID, or nil when `skep backup init` has not run.
  func passwordSecretID() async throws -> String? {
    let found = try await manager.secrets(filters: ["name": [SwarmJobSpec.passwordSecretName]])
    return found.first { $0.spec.name == SwarmJobSpec.passwordSecretName }?.id
  }

  /// The secret's ID, or a failure telling the owner to run `skep backup init`.
  func requirePasswordSecret() async throws -> String {
    guard let id = try await passwordSecretID() else {
      throw CommandFailure(
        "the swarm has no secret \(SwarmJobSpec.passwordSecretName): run `skep backup init` first",
        exitCode: .invalidInput)
    }
    return id
  }

  /// Runs `restic ARGUMENTS` as a one-task job and returns its result.
  func restic(_ arguments: [String], image: String, secretID: String, timeout: Duration = .seconds(300))
    async throws -> SwarmJob.Result
  {
    let name = SwarmJobSpec.uniqueName(prefix: "skep-backup-restic")
    let job = BackupJobs.restic(
      name: name, image: image, repository: repository, repositoryKind: repositoryKind, arguments: arguments)
    return try await SwarmJob(manager: manager, timeout: timeout, logger: logger).run(job, secretID: secretID)
  }

  /// Checks the repository opens with the secret (`restic cat config`), before anything else touches a node.
  func checkRepository(image: String, secretID: String) async throws {
    let result = try await restic(["cat", "config"], image: image, secretID: secretID)
    guard !result.succeeded else { return }
    throw CommandFailure(
      "the repository \(repository) cannot be opened with the password in secret "
        + "\(SwarmJobSpec.passwordSecretName): \(ResticJobText.reason(result)); nothing was backed up, "
        + "no container was paused")
  }
}

/// How a restic job's failure reads for people: restic's `Fatal:` line, else its last stderr line, else the task's.
enum ResticJobText {
  static func reason(_ result: SwarmJob.Result) -> String {
    let lines = result.logs.stderrLines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    if let fatal = lines.last(where: { $0.hasPrefix("Fatal:") }) { return fatal }
    if let last = lines.last { return last }
    return result.outcomes.map { "\($0.node): \($0.outcome)" }.joined(separator: "; ")
  }
}
