import NIOCore
import NIOHTTP1

extension HTTPRequest {
  /// Puts the request on the wire: head (with `Host`, `User-Agent: skep`, `Connection: close` and the request's own
  /// headers), body, end.
  /// - Parameter host: the `Host` header: `docker` for an engine (dockerd needs one even over a unix socket),
  ///   `host:port` for a registry.
  func write(to channel: any Channel, host: String) async throws {
    var head = HTTPRequestHead(version: .http1_1, method: method, uri: uri)
    head.headers.add(name: "Host", value: host)
    head.headers.add(name: "User-Agent", value: "skep")
    head.headers.add(name: "Connection", value: "close")
    head.headers.add(contentsOf: headers)
    switch body {
    case .none:
      if method == .POST || method == .PUT { head.headers.add(name: "Content-Length", value: "0") }
      channel.write(HTTPClientRequestPart.head(head), promise: nil)
    case .bytes(let buffer):
      head.headers.add(name: "Content-Length", value: String(buffer.readableBytes))
      channel.write(HTTPClientRequestPart.head(head), promise: nil)
      channel.write(HTTPClientRequestPart.body(.byteBuffer(buffer)), promise: nil)
    case .file(let path):
      try await FileBody.write(path: path, head: head, to: channel)
    }
    try await channel.writeAndFlush(HTTPClientRequestPart.end(nil))
  }
}
