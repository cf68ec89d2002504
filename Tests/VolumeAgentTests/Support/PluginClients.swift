import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One answer of the plugin socket as curl saw it.
struct PluginReply: Sendable {
  var status: Int
  /// New connections curl opened for this request: 0 when it reused the previous one (keep-alive).
  var connects: Int
  var contentType: String
  var body: String

  /// The body as a JSON object.
  var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
}

let curlInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")

/// POSTs `requests` (path, JSON body) in one curl run over the unix socket at `socket`, as Docker's daemon would:
/// curl reuses one connection for all of them when the server keeps it alive.
func post(_ socket: String, _ requests: [(path: String, body: String)]) async throws -> [PluginReply] {
  try await TemporaryDirectory.with { scratch in
    var arguments: [String] = []
    for (index, request) in requests.enumerated() {
      if index > 0 { arguments.append("--next") }
      arguments += [
        "--silent", "--unix-socket", socket, "--header", "Content-Type: application/json",
        "--data-binary", request.body, "--output", scratch.path("body-\(index)"),
        "--write-out", "%{http_code} %{num_connects} %{content_type}\\n", "http://localhost\(request.path)",
      ]
    }
    let result = try await runChild("/usr/bin/curl", arguments)
    guard result.status == 0 else { throw SetupError("curl failed (\(result.status)): \(result.stderr)") }
    let lines = result.stdout.split(separator: "\n")
    guard lines.count == requests.count else { throw SetupError("curl wrote \(result.stdout)") }
    return try lines.enumerated().map { index, line in
      let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
      guard fields.count >= 2, let status = Int(fields[0]), let connects = Int(fields[1]) else {
        throw SetupError("cannot read curl's line \(line)")
      }
      return PluginReply(
        status: status, connects: connects, contentType: fields.count > 2 ? fields[2] : "",
        body: text(at: scratch.path("body-\(index)")) ?? "")
    }
  }
}

/// POSTs one request.
func post(_ socket: String, _ path: String, _ body: String = "") async throws -> PluginReply {
  guard let reply = try await post(socket, [(path, body)]).first else { throw SetupError("no answer") }
  return reply
}

/// A raw unix socket client for what curl cannot do: keep a connection open on purpose, or leave a stale socket.
final class UnixSocketClient: @unchecked Sendable {
  let descriptor: Int32

  /// Connects to `path` (or, with `bindOnly`, binds a socket there and never listens: a stale socket file).
  init(path: String, bindOnly: Bool = false) throws {
    descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw SetupError("socket: \(errno)") }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw SetupError("path too long") }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (index, byte) in bytes.enumerated() { raw[index] = byte }
    }
    let length = socklen_t(MemoryLayout<sockaddr_un>.size)
    let result = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
        bindOnly ? bind(descriptor, address, length) : connect(descriptor, address, length)
      }
    }
    guard result == 0 else {
      let code = errno
      Glibc.close(descriptor)
      throw SetupError("\(bindOnly ? "bind" : "connect") \(path): \(String(cString: strerror(code)))")
    }
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
  }

  func send(_ text: String) throws {
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    guard written == bytes.count else { throw SetupError("short write") }
  }

  /// Reads until `complete` holds for what arrived, or `timeout` seconds pass (never blocks a thread).
  func receive(timeout: Double = 5, until complete: (String) -> Bool) async throws -> String {
    var received: [UInt8] = []
    let deadline = Date().addingTimeInterval(timeout)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count > 0 {
        received += buffer[0..<count]
        if complete(String(decoding: received, as: UTF8.self)) { break }
      } else if count == 0 {
        break
      } else {
        try await Task.sleep(for: .milliseconds(20))
      }
    }
    return String(decoding: received, as: UTF8.self)
  }

  func close() { Glibc.close(descriptor) }
}
