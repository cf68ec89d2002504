import NIOCore
import NIOHTTP1

/// Collects one HTTP response (head and up to `maximumBody` bytes of body) into a promise, then closes.
///
/// Lives only on its channel's event loop. The deadline covers the whole exchange; any error, or the connection
/// closing before the response ends, fails the promise.
final class WebhookResponseHandler: ChannelInboundHandler {
  typealias InboundIn = HTTPClientResponsePart

  struct Response: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
  }

  static let maximumBody = 16 * 1024

  private let promise: EventLoopPromise<Response>
  private let timeout: TimeAmount
  private var timeoutTask: Scheduled<Void>?
  private var head: HTTPResponseHead?
  private var body = ByteBuffer()
  private var done = false

  init(promise: EventLoopPromise<Response>, timeout: TimeAmount) {
    self.promise = promise
    self.timeout = timeout
  }

  func handlerAdded(context: ChannelHandlerContext) {
    let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
    let timeout = self.timeout
    timeoutTask = context.eventLoop.scheduleTask(in: timeout) {
      let (handler, context) = bound.value
      handler.fail(WebhookTransportFailure.timeout(timeout), context: context)
    }
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let responseHead):
      head = responseHead
    case .body(var chunk):
      let room = Self.maximumBody - body.readableBytes
      if room > 0, let slice = chunk.readSlice(length: min(room, chunk.readableBytes)) {
        var slice = slice
        body.writeBuffer(&slice)
      }
    case .end:
      guard !done, let head else { return }
      done = true
      timeoutTask?.cancel()
      promise.succeed(Response(head: head, body: body))
      context.close(promise: nil)
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    fail(error, context: context)
  }

  func channelInactive(context: ChannelHandlerContext) {
    fail(WebhookTransportFailure.closed, context: context)
    context.fireChannelInactive()
  }

  private func fail(_ error: any Error, context: ChannelHandlerContext) {
    guard !done else { return }
    done = true
    timeoutTask?.cancel()
    promise.fail(error)
    context.close(promise: nil)
  }
}

enum WebhookTransportFailure: Error {
  case timeout(TimeAmount)
  case closed
}
