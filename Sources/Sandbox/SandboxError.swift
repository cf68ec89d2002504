/// What went wrong in the sandbox, and whether the user can fix it.
///
/// `code` is stable and machine-readable; `message` is written for a person and says what to do next;
/// `cause` keeps the underlying error (a process failure, an I/O error) when there is one.
public struct SandboxError: Error, CustomStringConvertible, Sendable {
  /// Broad classes of failure; commands map them to exit codes.
  public enum Code: String, Sendable {
    /// Not Linux, not root, or a required Debian package is missing.
    case unsupportedHost
    /// An argument or the sandbox directory is unusable (e.g. a socket path too long).
    case invalidInput
    /// An external command (ip, iptables, debootstrap, apt-get, docker…) failed.
    case commandFailed
    /// A node or the registry did not come up in time.
    case timeout
    /// No sandbox state where one was expected.
    case notFound
    /// Reading or writing a file under the sandbox or cache directory failed.
    case io
  }

  public var code: Code
  public var message: String
  public var cause: (any Error & Sendable)?

  public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
    self.code = code
    self.message = message
    self.cause = cause
  }

  /// True when the user can fix it (install a package, run as root, pick another dir); false for failures at run time.
  public var isUserFixable: Bool {
    switch code {
    case .unsupportedHost, .invalidInput, .notFound: true
    case .commandFailed, .timeout, .io: false
    }
  }

  public var description: String {
    guard let cause else { return message }
    return "\(message) (\(cause))"
  }
}

/// A non-`Sendable` or Foundation error, kept as its text so it can travel as a `SandboxError.cause`.
public struct ErrorDetail: Error, CustomStringConvertible, Sendable {
  public var description: String

  public init(_ error: any Error) {
    self.description = String(describing: error)
  }

  public init(text: String) {
    self.description = text
  }
}
