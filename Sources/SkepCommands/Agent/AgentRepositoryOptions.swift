import ArgumentParser
import Backup

/// The repository and its password file, shared by every `skep agent` verb that opens the repository.
struct AgentRepositoryOptions: ParsableArguments {
  @Option(help: "The restic repository (a path, sftp:… or s3:…).")
  var repository: String

  @Option(help: "File holding the repository password (a swarm secret under /run/secrets).")
  var passwordFile: String
}

extension AgentRepositoryOptions {
  /// The repository with its password taken from the file (never from argv).
  var resticRepository: ResticRepository {
    ResticRepository(location: repository, password: .file(passwordFile))
  }
}
