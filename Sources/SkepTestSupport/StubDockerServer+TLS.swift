import Foundation

extension StubDockerServer {
  /// Serves this stub over TLS on `127.0.0.1` (a random port), like `dockerd --tlsverify`: the client must present
  /// a certificate signed by `clientCA`.
  ///
  /// TLS is terminated by `socat` (OpenSSL) in front of the stub's unix socket — an independent TLS implementation,
  /// so a test exercises real interoperability with our BoringSSL client rather than NIOSSL talking to itself.
  /// Stop it with `TLSFront.stop()`; `stop()` is idempotent.
  /// - Parameters:
  ///   - certificate: the server certificate (PEM).
  ///   - key: its private key (PEM).
  ///   - clientCA: the CA that must have signed client certificates (PEM).
  ///   - logDirectory: where socat's log goes (`socat.log`); a temporary directory the caller removes.
  public func startTLSFront(
    certificate: String, key: String, clientCA: String, logDirectory: String
  ) async throws -> TLSFront {
    let log = logDirectory + "/socat-\(UUID().uuidString.prefix(8)).log"
    guard FileManager.default.createFile(atPath: log, contents: nil),
      let logHandle = FileHandle(forWritingAtPath: log)
    else {
      throw TLSFront.Failure("cannot create \(log)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "socat", "-d", "-d",
      "OPENSSL-LISTEN:0,bind=127.0.0.1,reuseaddr,fork,cert=\(certificate),key=\(key),cafile=\(clientCA),verify=1",
      "UNIX-CONNECT:\(socketPath)",
    ]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = logHandle
    try process.run()
    try? logHandle.close()
    let front = TLSFront(process: process, log: log)
    // socat logs "N listening on AF=2 127.0.0.1:PORT" once it is bound.
    let deadline = ContinuousClock.now + .seconds(3)
    while ContinuousClock.now < deadline, process.isRunning {
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      if let range = text.range(of: "listening on AF=2 127.0.0.1:") {
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        if let port = Int(digits) {
          front.port = port
          return front
        }
      }
      try await Task.sleep(for: .milliseconds(10))
    }
    front.stop()
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    throw TLSFront.Failure("socat did not start listening: \(text)")
  }
}

/// A running `socat` TLS listener in front of a `StubDockerServer`.
public final class TLSFront: @unchecked Sendable {
  /// The TCP port on 127.0.0.1.
  public fileprivate(set) var port = 0
  /// socat's log, for diagnosing a failed test.
  public let logPath: String
  private let process: Process

  fileprivate init(process: Process, log: String) {
    self.process = process
    self.logPath = log
  }

  /// The listener's process id.
  public var pid: Int32 { process.processIdentifier }

  /// Kills socat and the per-connection children it forked (by pid), and waits for it to exit. SIGKILL because
  /// a child spawned from a Swift concurrency thread inherits its blocked SIGTERM.
  public func stop() {
    guard process.isRunning else { return }
    let children = Self.children(of: process.processIdentifier)
    kill(process.processIdentifier, SIGKILL)
    for child in children { kill(child, SIGKILL) }
    process.waitUntilExit()
  }

  /// Pids whose parent is `parent` (Linux `/proc`; empty elsewhere).
  private static func children(of parent: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
      guard let pid = Int32(entry),
        let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
        let close = stat.range(of: ")", options: .backwards)
      else { return nil }
      // After "pid (comm)": state, then ppid.
      let fields = stat[close.upperBound...].split(separator: " ")
      return fields.count > 1 && Int32(fields[1]) == parent ? pid : nil
    }
  }

  /// socat could not be started.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
  }
}
