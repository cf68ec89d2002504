import Foundation

/// How to run a command in a container.
public struct ExecOptions: Sendable, Hashable {
  public var env: [String]?
  public var user: String?
  public var workingDir: String?
  /// Allocate a TTY (output then comes as one raw stdout stream).
  public var tty: Bool

  public init(env: [String]? = nil, user: String? = nil, workingDir: String? = nil, tty: Bool = false) {
    self.env = env
    self.user = user
    self.workingDir = workingDir
    self.tty = tty
  }
}

/// The outcome of a finished exec.
public struct ExecResult: Sendable, Equatable {
  public var exitCode: Int
  public var stdout: String
  public var stderr: String
}

/// A started exec: its ID (for `execExitCode`) and its output.
public struct ExecSession: Sendable {
  public var id: String
  public var output: AsyncThrowingStream<LogFrame, any Error>
}

extension DockerClient {
  /// Runs `command` in a running container, collects its output and returns it with the exit code.
  public func exec(_ container: String, command: [String], options: ExecOptions = ExecOptions()) async throws
    -> ExecResult
  {
    let session = try await execStream(container, command: command, options: options)
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    for try await frame in session.output {
      switch frame.stream {
      case .stdout, .stdin: stdout += frame.bytes
      case .stderr: stderr += frame.bytes
      }
    }
    // The exec can still be marked running for a moment after its output closes.
    var exitCode = try await execExitCode(session.id)
    for _ in 0..<50 where exitCode == nil {
      try await Task.sleep(for: .milliseconds(100))
      exitCode = try await execExitCode(session.id)
    }
    guard let exitCode else {
      throw DockerEngineError.transport(
        endpoint: endpoint.description, reason: "exec \(session.id) still running after its output ended")
    }
    return ExecResult(
      exitCode: exitCode, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Creates an exec and returns it with its output stream; the command starts when the stream is first iterated.
  /// Read the exit code with `execExitCode(_:)` once the stream has ended.
  public func execStream(_ container: String, command: [String], options: ExecOptions = ExecOptions()) async throws
    -> ExecSession
  {
    struct Create: Encodable {
      var attachStdout = true
      var attachStderr = true
      var cmd: [String]
      var tty: Bool
      var env: [String]?
      var user: String?
      var workingDir: String?
      enum CodingKeys: String, CodingKey {
        case attachStdout = "AttachStdout"
        case attachStderr = "AttachStderr"
        case cmd = "Cmd"
        case tty = "Tty"
        case env = "Env"
        case user = "User"
        case workingDir = "WorkingDir"
      }
    }
    struct Created: Decodable {
      var id: String
      enum CodingKeys: String, CodingKey { case id = "Id" }
    }
    struct Start: Encodable {
      var detach = false
      var tty: Bool
      enum CodingKeys: String, CodingKey {
        case detach = "Detach"
        case tty = "Tty"
      }
    }
    let body = Create(
      cmd: command, tty: options.tty, env: options.env, user: options.user, workingDir: options.workingDir)
    let id = try await send(
      try await request(.POST, "/containers/\(Self.pathComponent(container))/exec", json: body), as: Created.self
    ).id
    let output = frameStream(tty: options.tty) {
      try await request(.POST, "/exec/\(Self.pathComponent(id))/start", json: Start(tty: options.tty), streaming: true)
    }
    return ExecSession(id: id, output: output)
  }

  /// `GET /exec/{id}/json`: the exit code of a finished exec (nil while it still runs).
  public func execExitCode(_ id: String) async throws -> Int? {
    struct Inspect: Decodable {
      var exitCode: Int?
      var running: Bool?
      enum CodingKeys: String, CodingKey {
        case exitCode = "ExitCode"
        case running = "Running"
      }
    }
    let inspect = try await send(try await request(.GET, "/exec/\(Self.pathComponent(id))/json"), as: Inspect.self)
    return inspect.running == true ? nil : inspect.exitCode
  }
}
