import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A minimal blocking HTTP/1.0 GET over a unix socket, enough for `/_ping` and `/version` while a node starts.
/// (The full Engine API client lives in DockerEngine; the sandbox only needs to know a daemon answers.)
enum UnixSocketHTTP {
  struct Response: Sendable {
    var status: Int
    var body: String
  }

  /// Sends `GET path` and reads until the daemon closes the connection; nil when nothing answers.
  static func get(socket path: String, path requestPath: String, timeoutSeconds: Int = 5) -> Response? {
    #if os(Linux)
      let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
      guard descriptor >= 0 else { return nil }
      defer { close(descriptor) }
      var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
      setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
      setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
      var address = sockaddr_un()
      address.sun_family = sa_family_t(AF_UNIX)
      let pathBytes = Array(path.utf8)
      let capacity = MemoryLayout.size(ofValue: address.sun_path)
      guard pathBytes.count < capacity else { return nil }
      withUnsafeMutableBytes(of: &address.sun_path) { buffer in
        for (index, byte) in pathBytes.enumerated() { buffer[index] = byte }
        buffer[pathBytes.count] = 0
      }
      let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
      }
      guard connected == 0 else { return nil }
      return exchange(descriptor: descriptor, path: requestPath)
    #else
      return nil
    #endif
  }

  /// Sends `GET path` over a connected socket and reads until the peer closes it.
  static func exchange(descriptor: Int32, path: String) -> Response? {
    #if os(Linux)
      let request = Array("GET \(path) HTTP/1.0\r\nHost: docker\r\n\r\n".utf8)
      let sent = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard sent == request.count else { return nil }
      var received: [UInt8] = []
      var chunk = [UInt8](repeating: 0, count: 16_384)
      while true {
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count <= 0 { break }
        received += chunk[0..<count]
      }
      return parse(String(decoding: received, as: UTF8.self))
    #else
      return nil
    #endif
  }

  /// Sends `GET path` to an IPv4 `address:port`; nil when nothing answers.
  static func get(ipv4 address: String, port: UInt16, path: String, timeoutSeconds: Int = 3) -> Response? {
    #if os(Linux)
      let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      guard descriptor >= 0 else { return nil }
      defer { close(descriptor) }
      var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
      setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
      setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
      var socketAddress = sockaddr_in()
      socketAddress.sin_family = sa_family_t(AF_INET)
      socketAddress.sin_port = port.bigEndian
      guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else { return nil }
      let connected = withUnsafePointer(to: &socketAddress) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      guard connected == 0 else { return nil }
      return exchange(descriptor: descriptor, path: path)
    #else
      return nil
    #endif
  }

  /// Splits a raw HTTP response into status and body.
  static func parse(_ raw: String) -> Response? {
    guard let headerEnd = raw.range(of: "\r\n\r\n") else { return nil }
    let statusLine = raw[..<headerEnd.lowerBound].split(separator: "\r\n").first ?? ""
    let parts = statusLine.split(separator: " ")
    guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
    return Response(status: status, body: String(raw[headerEnd.upperBound...]))
  }
}

/// What a node's daemon says about itself.
public struct EngineInfo: Sendable, Codable, Equatable {
  public var version: String
  public var apiVersion: String
}

/// Asks a daemon socket `/_ping` and `/version`.
public enum EngineProbe {
  /// True when `GET /_ping` answers 200 OK.
  public static func ping(socket: String) -> Bool {
    UnixSocketHTTP.get(socket: socket, path: "/_ping", timeoutSeconds: 3)?.status == 200
  }

  /// The daemon's `Version` and `ApiVersion`, or nil if it does not answer.
  public static func version(socket: String) -> EngineInfo? {
    guard let response = UnixSocketHTTP.get(socket: socket, path: "/version"), response.status == 200,
      let object = try? JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any],
      let version = object["Version"] as? String, let api = object["ApiVersion"] as? String
    else { return nil }
    return EngineInfo(version: version, apiVersion: api)
  }
}
