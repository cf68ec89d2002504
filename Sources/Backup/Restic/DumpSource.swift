import Foundation

/// A producer of a stream to back up with `restic backup --stdin`: a database dump running in a container (a
/// Docker exec) or a local process.
///
/// skep reads ``bytes()`` to its end, then asks ``outcome()``; only a producer that succeeded lets restic finish
/// and write a snapshot.
public protocol DumpSource: Sendable {
  /// The dump, in order. Ending normally means the producer closed its output; throwing means it was cut off.
  func bytes() -> AsyncThrowingStream<[UInt8], any Error>
  /// Called after the byte stream ended: whether the producer succeeded (for a process: exit status 0).
  func outcome() async -> DumpOutcome
  /// Stops the producer because nobody will read the rest (restic failed); ``outcome()`` is not called after it.
  func cancel()
}

/// How a dump producer ended.
public enum DumpOutcome: Sendable, Hashable {
  case succeeded
  /// The producer failed; `reason` is for people (exit status and the last stderr line), never a secret.
  case failed(reason: String)
}

/// A local child process whose standard output is the dump (`mysqldump …`, or `sh -c …` in tests).
///
/// The child's stderr goes to a temporary file; its last line is the failure reason. The child's environment is
/// `environment` exactly, which is how a password reaches the dump tool without appearing in its arguments.
public final class ProcessDumpSource: DumpSource, @unchecked Sendable {
  private let process = Process()
  private let stdout = Pipe()
  private let stderrURL: URL
  private let lock = NSLock()
  private var startError: String?

  /// Starts `executable ARGUMENTS` now, with exactly `environment`.
  public init(executable: String, arguments: [String], environment: [String: String] = [:]) {
    stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("skep-dump-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = stdout
    do {
      let stderr = try FileHandle(forWritingTo: stderrURL)
      process.standardError = stderr
      try process.run()
      try? stderr.close()
    } catch {
      startError = "cannot start \(executable): \(error)"
      try? stdout.fileHandleForWriting.close()
    }
  }

  deinit { try? FileManager.default.removeItem(at: stderrURL) }

  public func bytes() -> AsyncThrowingStream<[UInt8], any Error> {
    let handle = HandleBox(handle: stdout.fileHandleForReading)
    return AsyncThrowingStream(unfolding: {
      // Reads of at most 1 MiB, on a Dispatch thread (they block until the producer writes).
      let data = try await blocking { try handle.handle.read(upToCount: 1 << 20) ?? Data() }
      return data.isEmpty ? nil : [UInt8](data)
    })
  }

  public func outcome() async -> DumpOutcome {
    if let startError = lock.withLock({ startError }) { return .failed(reason: startError) }
    while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    if process.terminationReason == .exit, process.terminationStatus == 0 { return .succeeded }
    let how =
      process.terminationReason == .uncaughtSignal
      ? "killed by signal \(process.terminationStatus)" : "exited with status \(process.terminationStatus)"
    let stderr = String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self)
    let last = stderr.split(whereSeparator: \.isNewline).last.map { ": \($0)" } ?? ""
    return .failed(reason: "the dump \(how)\(last)")
  }

  /// Stops the producer (SIGTERM) and stops reading its output.
  public func cancel() {
    if process.isRunning { process.terminate() }
    try? stdout.fileHandleForReading.close()
  }
}

/// A file handle passed to a Dispatch thread; only one read runs at a time.
struct HandleBox: @unchecked Sendable {
  let handle: FileHandle
}
