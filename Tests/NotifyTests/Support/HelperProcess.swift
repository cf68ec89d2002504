import Foundation

/// A Python helper from `Tests/NotifyTests/Helpers/` (an SMTP sink or an HTTP receiver) running on 127.0.0.1 with
/// a port the kernel picked, writing what it receives into its own temporary directory.
///
/// Use it through `with(_:arguments:body:)`, which stops the process (by its PID) and removes the directory
/// whether the body returns or throws.
final class HelperProcess: @unchecked Sendable {
  let process: Process
  let directory: String
  let port: Int

  private init(process: Process, directory: String, port: Int) {
    self.process = process
    self.directory = directory
    self.port = port
  }

  /// Starts `script` with `--dir DIR` plus `arguments`, runs `body`, and always stops it.
  static func with<T>(
    _ script: String, arguments: [String] = [], body: (HelperProcess) async throws -> T
  ) async throws -> T {
    let helper = try await start(script, arguments: arguments)
    defer { helper.stop() }
    return try await body(helper)
  }

  private static func start(_ script: String, arguments: [String]) async throws -> HelperProcess {
    let python = try Python.withAiosmtpd()
    let directory = FileManager.default.temporaryDirectory.path + "/skep-notify-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let log = directory + "/helper.log"
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [helpersDirectory + "/" + script, "--dir", directory] + arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle(forWritingAtPath: log)
    process.standardError = FileHandle(forWritingAtPath: log)
    try process.run()
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline, process.isRunning {
      if let text = try? String(contentsOfFile: directory + "/port", encoding: .utf8), let port = Int(text) {
        return HelperProcess(process: process, directory: directory, port: port)
      }
      try await Task.sleep(for: .milliseconds(20))
    }
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    HelperProcess(process: process, directory: directory, port: 0).stop()
    throw HelperError(description: "\(script) did not start listening: \(output)")
  }

  /// SIGTERM, then SIGKILL after two seconds; waits for the exit; removes the directory.
  func stop() {
    if process.isRunning {
      kill(process.processIdentifier, SIGTERM)
      let deadline = Date().addingTimeInterval(2)
      while process.isRunning, Date() < deadline { usleep(10_000) }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
    process.waitUntilExit()
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// Files in the directory whose names start with `prefix` and end with `suffix`, sorted.
  func files(prefix: String, suffix: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted().map { directory + "/" + $0 }
  }

  /// The helper's own stderr, for a failing test's message.
  var log: String { (try? String(contentsOfFile: directory + "/helper.log", encoding: .utf8)) ?? "" }

  static let helpersDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Helpers").path
}

struct HelperError: Error, CustomStringConvertible {
  var description: String
}

/// The Python that can import aiosmtpd: Debian's `/usr/bin/python3` with `python3-aiosmtpd`, or the first
/// `python3` on PATH that has it from pip.
enum Python {
  private static let found: Result<String, HelperError> = {
    var candidates = ["/usr/bin/python3"]
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      candidates.append(directory + "/python3")
    }
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: candidate)
      process.arguments = ["-c", "import aiosmtpd"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      guard (try? process.run()) != nil else { continue }
      process.waitUntilExit()
      if process.terminationStatus == 0 { return .success(candidate) }
    }
    return .failure(
      HelperError(
        description: "no python3 with aiosmtpd: apt-get install python3-aiosmtpd (or python3 -m pip install aiosmtpd)"))
  }()

  static func withAiosmtpd() throws -> String {
    try found.get()
  }
}
