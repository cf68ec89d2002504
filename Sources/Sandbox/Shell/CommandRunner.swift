import Foundation
import Logging

/// The result of a finished command.
public struct CommandOutput: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// A command that exited non-zero, with enough to act on: the argv and the tail of its stderr.
public struct CommandError: Error, CustomStringConvertible, Sendable {
  public var argv: [String]
  public var status: Int32
  public var stderr: String

  public var description: String {
    let tail = String(stderr.suffix(2_000)).trimmingCharacters(in: .whitespacesAndNewlines)
    let shown = argv.map(ShellQuote.quote).joined(separator: " ")
    return "`\(shown)` exited with status \(status)" + (tail.isEmpty ? "" : ": \(tail)")
  }
}

/// Runs external commands with Foundation `Process`, without blocking the concurrency pool.
///
/// Output goes to temporary files (never pipes), so a chatty command cannot dead-lock on a full pipe.
public struct CommandRunner: Sendable {
  public var logger: Logger

  public init(logger: Logger) {
    self.logger = logger
  }

  /// Runs `argv` (the first element is looked up on PATH) and returns its output; throws `CommandError` on a non-zero
  /// exit when `check` is true.
  @discardableResult
  public func run(
    _ argv: [String], environment: [String: String]? = nil, directory: String? = nil, check: Bool = true
  ) async throws -> CommandOutput {
    logger.debug("run: \(argv.map(ShellQuote.quote).joined(separator: " "))")
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("skep-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("out")
    let errURL = scratch.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    defer {
      try? outHandle.close()
      try? errHandle.close()
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = argv
    if let environment { process.environment = environment }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = outHandle
    process.standardError = errHandle
    let status = try await Self.runAndWait(process, argv: argv)
    let output = CommandOutput(
      status: status,
      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    )
    if check, status != 0 {
      throw CommandError(argv: argv, status: status, stderr: output.stderr.isEmpty ? output.stdout : output.stderr)
    }
    return output
  }

  /// Starts `argv` detached from us (new session via `setsid`), with stdio on /dev/null; returns without waiting.
  /// The caller learns the real daemon's pid from a pidfile the command writes.
  public func launchDetached(_ argv: [String], environment: [String: String]? = nil) throws {
    logger.debug("launch: \(argv.map(ShellQuote.quote).joined(separator: " "))")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["setsid"] + argv
    if let environment { process.environment = environment }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw SandboxError(.commandFailed, "could not start \(argv.first ?? "?")", cause: ErrorDetail(error))
    }
  }

  private static func runAndWait(_ process: Process, argv: [String]) async throws -> Int32 {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
      process.terminationHandler = { finished in
        continuation.resume(returning: finished.terminationStatus)
      }
      do {
        try process.run()
      } catch {
        process.terminationHandler = nil
        continuation.resume(
          throwing: SandboxError(
            .commandFailed, "could not run \(argv.first ?? "?"); is it installed?", cause: ErrorDetail(error)))
      }
    }
  }
}
