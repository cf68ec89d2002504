#if canImport(Glibc)
  import Glibc

  /// A blocking IPv4 TCP socket: just enough for one bulk transfer and a reply line.
  final class TCPStream {
    let fd: Int32

    init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    /// A listening socket on `host:port` (`0.0.0.0` for every address).
    static func listen(host: String, port: UInt16) throws -> TCPStream {
      let stream = try TCPStream(fd: check(socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0), "socket"))
      var one: Int32 = 1
      setsockopt(stream.fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
      var address = try socketAddress(host: host, port: port)
      let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(stream.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      _ = try check(bound, "bind \(host):\(port)")
      _ = try check(Glibc.listen(stream.fd, 4), "listen")
      return stream
    }

    /// Connects to `host:port`, an IPv4 address or a name.
    static func connect(host: String, port: UInt16) throws -> TCPStream {
      var address = try socketAddress(host: host, port: port)
      let stream = try TCPStream(fd: check(socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0), "socket"))
      let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          Glibc.connect(stream.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      _ = try check(connected, "connect \(host):\(port)")
      return stream
    }

    /// Waits up to `seconds` for a connection; nil when none came.
    func accept(within seconds: Double) throws -> TCPStream? {
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = try Self.check(poll(&poller, 1, Int32(max(seconds, 0) * 1000)), "poll")
      guard ready > 0 else { return nil }
      return TCPStream(fd: try Self.check(Glibc.accept(fd, nil, nil), "accept"))
    }

    /// Writes all of `count` bytes at `pointer`.
    func write(_ pointer: UnsafeRawPointer, count: Int) throws {
      var done = 0
      while done < count {
        let sent = send(fd, pointer + done, count - done, Int32(MSG_NOSIGNAL))
        if sent < 0, errno == EINTR { continue }
        guard sent > 0 else { throw NetBenchError("send", errno: errno) }
        done += sent
      }
    }

    func write(_ text: String) throws {
      var bytes = Array(text.utf8)
      try bytes.withUnsafeMutableBytes { raw in
        guard let base = raw.baseAddress else { return }
        try write(base, count: raw.count)
      }
    }

    /// Reads up to `count` bytes; 0 at the peer's end of stream.
    func read(into pointer: UnsafeMutableRawPointer, count: Int) throws -> Int {
      while true {
        let received = recv(fd, pointer, count, 0)
        if received < 0, errno == EINTR { continue }
        guard received >= 0 else { throw NetBenchError("recv", errno: errno) }
        return received
      }
    }

    /// Everything up to the peer's end of stream, as text (a short reply).
    func readAll(limit: Int = 1 << 16) throws -> String {
      var bytes: [UInt8] = []
      var chunk = [UInt8](repeating: 0, count: 4096)
      while bytes.count < limit {
        let count = try chunk.withUnsafeMutableBytes { raw -> Int in
          guard let base = raw.baseAddress else { return 0 }
          return try read(into: base, count: raw.count)
        }
        if count == 0 { break }
        bytes += chunk[0..<count]
      }
      return String(decoding: bytes, as: UTF8.self)
    }

    /// Ends our direction of the stream (the peer reads end of stream) and keeps reading open.
    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    static func socketAddress(host: String, port: UInt16) throws -> sockaddr_in {
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = port.bigEndian
      if inet_pton(AF_INET, host, &address.sin_addr) == 1 { return address }
      var hints = addrinfo()
      hints.ai_family = AF_INET
      hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
      var found: UnsafeMutablePointer<addrinfo>?
      let status = getaddrinfo(host, nil, &hints, &found)
      defer { if let found { freeaddrinfo(found) } }
      guard status == 0, let first = found, let resolved = first.pointee.ai_addr else {
        throw NetBenchError("cannot resolve \(host): \(String(cString: gai_strerror(status)))", errno: 0)
      }
      resolved.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address.sin_addr = $0.pointee.sin_addr }
      return address
    }

    @discardableResult
    static func check(_ result: Int32, _ what: String) throws -> Int32 {
      guard result >= 0 else { throw NetBenchError(what, errno: errno) }
      return result
    }
  }
#endif

/// A failed socket call of the network benchmark.
public struct NetBenchError: Error, CustomStringConvertible, Sendable {
  public var message: String
  /// 0 when there is no errno (a name that does not resolve, a bad reply).
  public var errno: Int32

  public init(_ message: String, errno: Int32) {
    self.message = message
    self.errno = errno
  }

  public var description: String {
    errno == 0 ? message : "\(message): \(SystemErrorText.describe(errno))"
  }
}
