import Foundation
import NIOCore
import NIOHTTP1

/// Collects one request, asks the server for the canned answer, writes it (chunked when in pieces), closes.
final class StubHandler: ChannelInboundHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private let box: ServerBox
  private var head: HTTPRequestHead?
  private var body: [UInt8] = []

  init(box: ServerBox) {
    self.box = box
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let requestHead):
      head = requestHead
      body = []
    case .body(var buffer):
      body += buffer.readBytes(length: buffer.readableBytes) ?? []
    case .end:
      guard let head, let server = box.server else {
        context.close(promise: nil)
        return
      }
      let recorded = Self.record(head, body: body)
      respond(server.handle(recorded), context: context)
    }
  }

  private func respond(_ response: StubDockerServer.Response, context: ChannelHandlerContext) {
    var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
    headers.add(name: "Connection", value: "close")
    if response.chunks.count <= 1, !response.abortAfterHead {
      headers.add(name: "Content-Length", value: String(response.chunks.first?.count ?? 0))
    }
    let status = HTTPResponseStatus(statusCode: response.status)
    context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))))
      .whenComplete { _ in }
    context.flush()
    if response.abortAfterHead {
      context.close(promise: nil)
      return
    }
    let loop = context.eventLoop
    let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
    @Sendable func send(_ index: Int) {
      let (handler, context) = bound.value
      guard index < response.chunks.count else {
        context.writeAndFlush(handler.wrapOutboundOut(.end(nil))).whenComplete { _ in
          bound.value.context.close(promise: nil)
        }
        return
      }
      let buffer = context.channel.allocator.buffer(bytes: response.chunks[index])
      context.writeAndFlush(handler.wrapOutboundOut(.body(.byteBuffer(buffer)))).whenComplete { _ in }
      let nanos =
        response.delay.components.seconds * 1_000_000_000 + response.delay.components.attoseconds / 1_000_000_000
      if nanos > 0 {
        loop.scheduleTask(in: .nanoseconds(nanos)) { send(index + 1) }
      } else {
        send(index + 1)
      }
    }
    send(0)
  }

  private static func record(_ head: HTTPRequestHead, body: [UInt8]) -> StubDockerServer.RecordedRequest {
    let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    var query: [String: String] = [:]
    var items: [(name: String, value: String)] = []
    if parts.count > 1 {
      for pair in parts[1].split(separator: "&") {
        let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(kv[0]).removingPercentEncoding ?? String(kv[0])
        let value = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
        query[name] = value
        items.append((name, value))
      }
    }
    return StubDockerServer.RecordedRequest(
      method: head.method.rawValue, path: String(parts.first ?? ""), query: query, queryItems: items,
      headers: head.headers.map { (name: $0.name, value: $0.value) }, body: body)
  }
}
