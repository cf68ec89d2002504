import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a finished child process left: its exit status and everything it wrote.
public struct ProcessOutput: Sendable {
  public var status: Int32
  /// True when the process ended by a signal rather than by exiting.
  public var signaled: Bool
  public var stdout: Data
  public var stderr: Data
}

/// Runs one child process with Foundation's `Process`, its output captured in temporary files (no pipe to drain,
/// so a chatty child can never block on a full pipe).
///
/// Cancelling the calling task interrupts the child (SIGINT, what restic handles cleanly: it removes its lock).
public struct ProcessRunner: Sendable {
  public var executable: String
  public var environment: [String: String]
  public var currentDirectory: String?

  /// Creates a runner of `executable` (an absolute path) with exactly `environment`.
  public init(executable: String, environment: [String: String], currentDirectory: String? = nil) {
    self.executable = executable
    self.environment = environment
    self.currentDirectory = currentDirectory
  }

  /// Runs `arguments`; `stdin`, when given, feeds the child's standard input while it runs.
  public func run(
    _ arguments: [String], stdin: (@Sendable (FileHandle) async throws -> StdinEnding)? = nil
  ) async throws
    -> ProcessOutput
  {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("skep-restic-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    process.standardOutput = outHandle
    process.standardError = errHandle
    let input = stdin.map { _ in Pipe() }
    process.standardInput = input ?? FileHandle.nullDevice

    let exit = ExitSignal()
    process.terminationHandler = { _ in exit.fire() }
    try Self.withInterruptsUnblocked { try process.run() }
    try? outHandle.close()
    try? errHandle.close()
    let child = ChildHandle(process: process)

    await withTaskCancellationHandler {
      if let stdin, let input {
        let ending = (try? await stdin(input.fileHandleForWriting)) ?? .interrupt
        if ending == .interrupt { child.interrupt() }
        try? input.fileHandleForWriting.close()
      }
      await exit.wait()
    } onCancel: {
      child.interrupt()
    }
    return ProcessOutput(
      status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
      stdout: (try? Data(contentsOf: outURL)) ?? Data(), stderr: (try? Data(contentsOf: errURL)) ?? Data())
  }
}

extension ProcessRunner {
  /// Runs `body` (the spawn) with SIGINT and SIGTERM unblocked on this thread. A child inherits the spawning
  /// thread's signal mask, and the threads of Swift's concurrency pool block most signals: a child spawned from one
  /// would never see the SIGINT that asks it to stop (a shell could not even trap it). The mask is put back at once;
  /// a SIGINT or SIGTERM for this process in that instant meets the agent's SIG_IGN, as it would on any other thread.
  static func withInterruptsUnblocked<T>(_ body: () throws -> T) rethrows -> T {
    var interrupts = sigset_t()
    sigemptyset(&interrupts)
    sigaddset(&interrupts, SIGINT)
    sigaddset(&interrupts, SIGTERM)
    var previous = sigset_t()
    pthread_sigmask(SIG_UNBLOCK, &interrupts, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return try body()
  }
}

/// How feeding a child's standard input ended.
public enum StdinEnding: Sendable {
  /// Close standard input: the child sees end of file and finishes normally.
  case close
  /// Interrupt the child (SIGINT) before closing: it must not finish its work.
  case interrupt
}

/// A `Process` shared with the cancellation handler; `interrupt()` is safe from any thread.
private struct ChildHandle: @unchecked Sendable {
  let process: Process
  func interrupt() {
    if process.isRunning { process.interrupt() }
  }
}

/// A one-shot signal from `terminationHandler` to an async waiter, whichever comes first.
private final class ExitSignal: @unchecked Sendable {
  private let lock = NSLock()
  private var fired = false
  private var waiter: CheckedContinuation<Void, Never>?

  func fire() {
    lock.lock()
    fired = true
    let waiter = self.waiter
    self.waiter = nil
    lock.unlock()
    waiter?.resume()
  }

  func wait() async {
    await withCheckedContinuation { continuation in
      lock.lock()
      if fired {
        lock.unlock()
        continuation.resume()
      } else {
        waiter = continuation
        lock.unlock()
      }
    }
  }
}
