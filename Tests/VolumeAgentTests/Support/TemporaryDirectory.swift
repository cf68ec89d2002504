import Foundation

/// A fresh directory under the system's temporary folder, removed when ``with(_:)`` returns or throws.
struct TemporaryDirectory: Sendable {
  let path: String

  /// Runs `body` with a new directory and removes it afterwards.
  static func with<T>(_ body: (TemporaryDirectory) async throws -> T) async throws -> T {
    // Short and under /tmp: unix socket paths must stay under 108 bytes.
    let path = "/tmp/skep-va-\(UUID().uuidString.prefix(13))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(TemporaryDirectory(path: path))
  }

  /// `PATH/component`.
  func path(_ component: String) -> String { (path as NSString).appendingPathComponent(component) }
}

/// What a child process left behind.
struct ChildOutput: Sendable {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs a program to its end without blocking a thread of Swift's small cooperative pool (the plugin server's
/// handler needs one to answer the very request a child like curl is waiting for).
func runChild(
  _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil
) async throws -> ChildOutput {
  let scratch = "/tmp/skep-va-out-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: scratch) }
  let out = (scratch as NSString).appendingPathComponent("out")
  let err = (scratch as NSString).appendingPathComponent("err")
  _ = FileManager.default.createFile(atPath: out, contents: nil)
  _ = FileManager.default.createFile(atPath: err, contents: nil)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let environment { process.environment = environment }
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
  let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
  process.standardOutput = outHandle
  process.standardError = errHandle
  process.standardInput = FileHandle.nullDevice
  let launched = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
    process.terminationHandler = { _ in continuation.resume(returning: true) }
    do {
      try process.run()
    } catch {
      process.terminationHandler = nil
      continuation.resume(returning: false)
    }
  }
  try? outHandle.close()
  try? errHandle.close()
  guard launched else { throw SetupError("cannot start \(executable)") }
  return ChildOutput(
    status: process.terminationStatus,
    stdout: String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self),
    stderr: String(decoding: FileManager.default.contents(atPath: err) ?? Data(), as: UTF8.self))
}

/// A fixture that could not be set up (not an expectation of the test).
struct SetupError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` seconds pass; whether it held.
func eventually(
  timeout: Double = 30, every interval: Double = 0.25, _ condition: () async throws -> Bool
) async throws -> Bool {
  let deadline = Date().addingTimeInterval(timeout)
  while true {
    if try await condition() { return true }
    if Date() >= deadline { return false }
    try await Task.sleep(for: .seconds(interval))
  }
}
