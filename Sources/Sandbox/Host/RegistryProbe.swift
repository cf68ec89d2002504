import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A minimal blocking HTTP/1.0 GET over IPv4, enough to ask the registry `/v2/` (the Docker engines are asked
/// through `DockerClient`).
enum RegistryProbe {
  struct Response: Sendable {
    var status: Int
    var body: String
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
