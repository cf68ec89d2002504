/// How to dump one database container: an exec whose standard output is the dump.
///
/// The password is never in ``arguments``: it reaches the client through ``environment`` (`MYSQL_PWD`,
/// `PGPASSWORD`), or, when the container keeps it in a `*_FILE` secret, a tiny shell reads that file inside the
/// container, so the password never leaves it.
public struct DumpCommand: Sendable, Hashable, CustomStringConvertible {
  public var kind: DatabaseKind
  /// The exec's argv; holds no secret.
  public var arguments: [String]
  /// Environment the exec needs (`KEY=VALUE` for Docker's exec `Env`); may hold a password.
  public var environment: [String: String]
  /// The user the dump connects as.
  public var user: String
  /// The file name of the dump in its snapshot (`--stdin-filename`).
  public var filename: String

  /// The argv and the environment's keys, never their values.
  public var description: String {
    "\(arguments.joined(separator: " ")) (env: \(environment.keys.sorted().joined(separator: ", ")))"
  }

  /// The environment as Docker's exec `Env` list.
  public var execEnvironment: [String] {
    environment.keys.sorted().compactMap { key in environment[key].map { "\(key)=\($0)" } }
  }
}

/// Why skep cannot dump a database container.
public struct DumpCommandError: Error, Sendable, Hashable, CustomStringConvertible {
  public var container: String
  public var message: String
  public var description: String { "cannot dump \(container): \(message)" }
}
