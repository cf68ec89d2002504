/// Where the repository is and how to open it. Both reach restic only through its environment
/// (`RESTIC_REPOSITORY`, `RESTIC_PASSWORD_FILE` or `RESTIC_PASSWORD`), never its arguments.
public struct ResticRepository: Sendable, Hashable, CustomStringConvertible {
  /// The repository as restic reads it: a path, `sftp:…` or `s3:…`.
  public var location: String
  public var password: ResticPassword

  /// Creates a repository reference.
  public init(location: String, password: ResticPassword) {
    self.location = location
    self.password = password
  }

  /// The location and how the password is given, never the password itself.
  public var description: String { "\(location) (password \(password))" }
}

/// How restic gets the repository password.
public enum ResticPassword: Sendable, Hashable, CustomStringConvertible {
  /// A file holding the password (a swarm secret at `/run/secrets/…`): `RESTIC_PASSWORD_FILE`.
  case file(String)
  /// The password itself: `RESTIC_PASSWORD`. Redacted from everything skep prints.
  case literal(String)

  /// `from file /run/secrets/x` or `given directly`, never the password.
  public var description: String {
    switch self {
    case .file(let path): return "from file \(path)"
    case .literal: return "given directly"
    }
  }

  /// Values to scrub from anything restic prints.
  var secrets: [String] {
    if case .literal(let password) = self { return [password] }
    return []
  }

  /// The environment entry that hands the password to restic.
  var environment: (key: String, value: String) {
    switch self {
    case .file(let path): return ("RESTIC_PASSWORD_FILE", path)
    case .literal(let password): return ("RESTIC_PASSWORD", password)
    }
  }
}
