import DockerEngine
import Foundation

/// A database dump running as a Docker exec in its container: the exec's stdout frames are the dump, its stderr is
/// kept for the failure reason, and its exit code (from `GET /exec/{id}/json`) says whether it succeeded.
///
/// The password reaches the dump only through the exec's `Env` (``DumpCommand/execEnvironment``), never its argv,
/// and nothing here logs or reports the environment.
public final class DockerExecDumpSource: DumpSource, @unchecked Sendable {
  private let docker: DockerClient
  private let session: ExecSession
  private let lock = NSLock()
  private var stderrTail: [UInt8] = []
  private var cancelled = false

  /// Creates the exec for `command` in `container`; it starts when ``bytes()`` is first read.
  public static func start(docker: DockerClient, container: String, command: DumpCommand) async throws
    -> DockerExecDumpSource
  {
    let session = try await docker.execStream(
      container, command: command.arguments, options: ExecOptions(env: command.execEnvironment))
    return DockerExecDumpSource(docker: docker, session: session)
  }

  private init(docker: DockerClient, session: ExecSession) {
    self.docker = docker
    self.session = session
  }

  public func bytes() -> AsyncThrowingStream<[UInt8], any Error> {
    let frames = FrameCursor(iterator: session.output.makeAsyncIterator())
    return AsyncThrowingStream(unfolding: { [self] in
      while !lock.withLock({ cancelled }), let frame = try await frames.next() {
        switch frame.stream {
        case .stdout, .stdin:
          if !frame.bytes.isEmpty { return frame.bytes }
        case .stderr:
          lock.withLock {
            stderrTail += frame.bytes
            if stderrTail.count > 8192 { stderrTail.removeFirst(stderrTail.count - 8192) }
          }
        }
      }
      return nil
    })
  }

  public func outcome() async -> DumpOutcome {
    var exitCode: Int?
    do {
      // The exec can still read as running for a moment after its output closed.
      for attempt in 0..<100 {
        exitCode = try await docker.execExitCode(session.id)
        if exitCode != nil { break }
        if attempt < 99 { try await Task.sleep(for: .milliseconds(100)) }
      }
    } catch {
      return .failed(reason: "cannot read the dump's exit code: \(error)")
    }
    guard let exitCode else { return .failed(reason: "the dump was still running after its output ended") }
    if exitCode == 0 { return .succeeded }
    let stderr = String(decoding: lock.withLock { stderrTail }, as: UTF8.self)
    let last = stderr.split(whereSeparator: \.isNewline).last.map { ": \($0)" } ?? ""
    return .failed(reason: "the dump exited with status \(exitCode)\(last)")
  }

  /// Stops reading; the exec's connection closes when its stream is dropped, and the dump then fails on its next
  /// write (Docker has no API to kill an exec).
  public func cancel() {
    lock.withLock { cancelled = true }
  }
}

/// The exec's frame iterator, read by one consumer at a time.
private final class FrameCursor: @unchecked Sendable {
  private var iterator: AsyncThrowingStream<LogFrame, any Error>.AsyncIterator

  init(iterator: AsyncThrowingStream<LogFrame, any Error>.AsyncIterator) {
    self.iterator = iterator
  }

  func next() async throws -> LogFrame? {
    try await iterator.next()
  }
}
