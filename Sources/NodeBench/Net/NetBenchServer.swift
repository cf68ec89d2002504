import Foundation

#if canImport(Glibc)
  import Glibc

  /// The receiving end of `skep bench net` (`skep agent bench-net-server`): accepts `connections` transfers one
  /// after another, counts each one's bytes from its first byte to the sender's end of stream, and answers the sender
  /// with a ``NetReply`` line. Gives up when `timeout` seconds pass without all of them.
  public struct NetBenchServer: Sendable {
    public var host: String
    public var port: UInt16
    public var connections: Int
    public var timeout: Double

    public init(host: String = "0.0.0.0", port: UInt16, connections: Int, timeout: Double) {
      self.host = host
      self.port = port
      self.connections = connections
      self.timeout = timeout
    }

    /// Serves the transfers; `log` gets one line per transfer for people.
    public func run(log: (String) -> Void) throws {
      let listener = try TCPStream.listen(host: host, port: port)
      log("listening on \(host):\(port) for \(connections) transfer(s)")
      let deadline = Monotonic.now() + timeout
      let buffer = try AlignedBuffer(size: NetBenchClient.blockSize)
      for index in 1...connections {
        guard let peer = try listener.accept(within: deadline - Monotonic.now()) else {
          throw NetBenchError(
            "no sender connected within \(Int(timeout)) s (\(index - 1) of \(connections) done)", errno: 0)
        }
        let reply = try receive(peer, buffer: buffer)
        try peer.write(try reply.jsonLine() + "\n")
        log("transfer \(index): \(reply.bytes) bytes in \(reply.seconds) s")
      }
    }

    func receive(_ peer: TCPStream, buffer: AlignedBuffer) throws -> NetReply {
      var bytes = 0
      var first: Double?
      while true {
        let count = try peer.read(into: buffer.pointer, count: buffer.size)
        if count == 0 { break }
        if first == nil { first = Monotonic.now() }
        bytes += count
      }
      let end = Monotonic.now()
      return NetReply(bytes: bytes, seconds: end - (first ?? end))
    }
  }

  /// The sending end (`skep agent bench-net-client`): per run, connects (retrying while the server's job starts),
  /// writes 128 KiB blocks for `seconds` (one TCP stream, as `iperf3` by default), ends its stream and reads the
  /// server's count.
  public struct NetBenchClient: Sendable {
    /// iperf3's default write size for TCP.
    public static let blockSize = 128 << 10

    public var host: String
    public var port: UInt16
    public var seconds: Double
    public var repeats: Int
    public var connectTimeout: Double

    public init(host: String, port: UInt16, seconds: Double, repeats: Int, connectTimeout: Double) {
      self.host = host
      self.port = port
      self.seconds = seconds
      self.repeats = repeats
      self.connectTimeout = connectTimeout
    }

    public func run(emit: (BenchLine) -> Void) throws {
      let buffer = try AlignedBuffer(size: Self.blockSize)
      for run in 1...repeats {
        let stream = try connect()
        let start = Monotonic.now()
        var sent = 0
        while Monotonic.now() - start < seconds {
          try stream.write(buffer.pointer, count: buffer.size)
          sent += buffer.size
        }
        stream.shutdownWrite()
        let answer = try stream.readAll()
        let sendSeconds = Monotonic.now() - start
        guard let reply = NetReply.parse(answer) else {
          throw NetBenchError("the server at \(host):\(port) answered \(answer.debugDescription)", errno: 0)
        }
        emit(
          .netSample(
            NetSample(run: run, bytes: reply.bytes, seconds: reply.seconds, sentBytes: sent, sendSeconds: sendSeconds)))
      }
    }

    /// Connects, retrying on refusal and unreachable errors until `connectTimeout`.
    func connect() throws -> TCPStream {
      let deadline = Monotonic.now() + connectTimeout
      while true {
        do {
          return try TCPStream.connect(host: host, port: port)
        } catch let error as NetBenchError
          where [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT].contains(error.errno)
          && Monotonic.now() < deadline
        {
          usleep(200_000)
        }
      }
    }
  }
#endif

/// The server's answer to a sender: what it received and over how long.
public struct NetReply: Codable, Sendable, Hashable {
  public var bytes: Int
  public var seconds: Double

  public init(bytes: Int, seconds: Double) {
    self.bytes = bytes
    self.seconds = seconds
  }

  func jsonLine() throws -> String { String(decoding: try JSONEncoder().encode(self), as: UTF8.self) }

  static func parse(_ text: String) -> NetReply? {
    let line = text.split(separator: "\n").first.map(String.init) ?? ""
    return try? JSONDecoder().decode(NetReply.self, from: Data(line.utf8))
  }
}
