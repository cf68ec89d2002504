import NIOCore
import NIOHTTP1

/// Receives one HTTP response: hands the head to a promise and the body chunks to a stream, then closes.
///
/// Lives only on its channel's event loop. Any error (including the exchange timeout) fails whichever of the
/// head promise or the body stream is still pending, and closes the connection.
final class ResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPClientResponsePart

  private let head: EventLoopPromise<HTTPResponseHead>
  private let body: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
  private let timeout: TimeAmount?
  private var timeoutTask: Scheduled<Void>?
  private var state = State.waitingForHead

  private enum State {
    case waitingForHead
    case streamingBody
    case done
  }

  init(
    head: EventLoopPromise<HTTPResponseHead>,
    body: AsyncThrowingStream<ByteBuffer, any Error>.Continuation,
    timeout: TimeAmount?
  ) {
    self.head = head
    self.body = body
    self.timeout = timeout
  }

  func handlerAdded(context: ChannelHandlerContext) {
    guard let timeout else { return }
    let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
    timeoutTask = context.eventLoop.scheduleTask(in: timeout) {
      let (handler, context) = bound.value
      handler.fail(HTTPTransportError("no complete answer within \(Self.seconds(timeout))"), context: context)
    }
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let responseHead):
      guard case .waitingForHead = state else { return }
      state = .streamingBody
      head.succeed(responseHead)
    case .body(let buffer):
      guard case .streamingBody = state else { return }
      body.yield(buffer)
    case .end:
      guard case .streamingBody = state else { return }
      state = .done
      timeoutTask?.cancel()
      body.finish()
      context.close(promise: nil)
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    fail(error, context: context)
  }

  func channelInactive(context: ChannelHandlerContext) {
    fail(HTTPTransportError("connection closed before the response was complete"), context: context)
    context.fireChannelInactive()
  }

  private func fail(_ error: any Error, context: ChannelHandlerContext) {
    switch state {
    case .waitingForHead:
      head.fail(error)
      body.finish(throwing: error)
    case .streamingBody:
      body.finish(throwing: error)
    case .done:
      return
    }
    state = .done
    timeoutTask?.cancel()
    context.close(promise: nil)
  }

  private static func seconds(_ amount: TimeAmount) -> String {
    "\(amount.nanoseconds / 1_000_000_000)s"
  }
}
