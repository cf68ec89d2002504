import ArgumentParser
import Backup
import Foundation

/// `skep backup init`: keep the repository password as a swarm secret and create the restic repository if missing.
struct BackupInit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create the restic repository if missing and keep its password as a swarm secret.",
    discussion: """
      The password comes from --password-file, or is generated (32 random bytes) and printed once: keep it, it is \
      the only way to read the repository with plain restic. It is stored as the swarm secret skep-restic-password \
      and never shown again. restic init runs as a one-task swarm job of the skep image. Running init again changes \
      nothing.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Option(help: "The restic repository (default: backup.repository in the inventory).")
  var repository: String?

  @Option(help: "A file holding the repository password (default: generate one and print it once).")
  var passwordFile: String?

  @Option(help: "The skep image the job runs (default: REGISTRY/skep:latest).")
  var image: String?

  func validate() throws {
    if output.json, passwordFile == nil {
      throw ValidationError("--json needs --password-file: a generated password is only ever shown on the terminal")
    }
  }

  func run() async throws {
    let context = try await BackupContext.load(global: global, repository: repository)
    let image = try context.image(image)
    let password = try passwordFile.map(Self.readPassword)
    let secret = try await BackupSecret(context: context, image: image).ensure(password: password)
    if let generated = secret.generated {
      print("Repository password (shown this once, keep it somewhere safe: it is the only way to read your backups")
      print("with plain restic, and skep never shows it again):")
      print("")
      print("    \(generated)")
      print("")
    }
    let result = try await context.restic(["init"], image: image, secretID: secret.id)
    let created: Bool
    if result.succeeded {
      created = true
    } else if result.logs.stderrLines.contains(where: { $0.contains("config file already exists") }) {
      created = false
      try await context.checkRepository(image: image, secretID: secret.id)
    } else {
      throw CommandFailure("restic init on \(context.repository) failed: \(ResticJobText.reason(result))")
    }
    let report = BackupInitReport(
      repository: context.repository, repositoryCreated: created, secretCreated: secret.created)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }

  static func readPassword(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CommandFailure("cannot read the password file \(path)", exitCode: .invalidInput)
    }
    guard !data.isEmpty else { throw CommandFailure("the password file \(path) is empty", exitCode: .invalidInput) }
    return Array(data)
  }
}

/// `backup init --json`: what changed; never the password.
struct BackupInitReport: Encodable {
  var repository: String
  var repositoryCreated: Bool
  var secretCreated: Bool

  var text: String {
    let repo =
      repositoryCreated
      ? "created the restic repository \(repository)"
      : "repository \(repository) "
        + "already initialised"
    let secret =
      secretCreated
      ? "stored the password as swarm secret \(SwarmJobSpec.passwordSecretName)"
      : "secret \(SwarmJobSpec.passwordSecretName) already exists"
    let nothing = !repositoryCreated && !secretCreated ? "; nothing changed" : ""
    return "\(repo); \(secret)\(nothing)"
  }
}
