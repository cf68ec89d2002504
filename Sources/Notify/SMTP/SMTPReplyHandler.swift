import NIOCore
import NIOSSL
import NIOTLS

/// Reads SMTP replies off the connection and hands them out one at a time, each with its own deadline.
///
/// Lives only on its channel's event loop (`SMTPConnection` reaches it through `NIOLoopBound`, so it stays
/// reachable after a failure has torn the pipeline down). Replies that arrive
/// before anyone asks are queued; a read error or the connection closing fails the waiting read and every later one.
final class SMTPReplyHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  /// A reply (or all lines of one) longer than this is an error rather than a memory sink.
  static let maximumReplyBytes = 64 * 1024

  private var buffer = ByteBuffer()
  private var parser = SMTPReplyParser()
  private var queued: [SMTPReply] = []
  private var waiting: (promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>)?
  private var handshake: EventLoopPromise<Void>?
  private var tlsEstablished = false
  private var failure: (any Error)?
  /// Set while the handler is in the pipeline; a timeout closes the channel through it.
  private var context: ChannelHandlerContext?

  /// Bytes received and not yet part of a complete line (STARTTLS must find none).
  var hasUnreadData: Bool { buffer.readableBytes > 0 || !queued.isEmpty }

  /// The next reply, or a failure: `SMTPTransportFailure.timeout` after `timeout`, which also closes the channel.
  /// Must be called on `loop`, the channel's event loop.
  func nextReply(on loop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
    if !queued.isEmpty { return loop.makeSucceededFuture(queued.removeFirst()) }
    if let failure { return loop.makeFailedFuture(failure) }
    let promise = loop.makePromise(of: SMTPReply.self)
    let bound = NIOLoopBound(self, eventLoop: loop)
    let task = loop.scheduleTask(in: timeout) {
      bound.value.fail(SMTPTransportFailure.timeout(timeout))
    }
    waiting = (promise, task)
    return promise.futureResult
  }

  /// Completes when NIOSSL reports the TLS handshake done, fails on a TLS error or after `timeout`.
  /// Must be called on `loop`, the channel's event loop.
  func handshakeCompleted(on loop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<Void> {
    if tlsEstablished { return loop.makeSucceededVoidFuture() }
    if let failure { return loop.makeFailedFuture(failure) }
    let promise = loop.makePromise(of: Void.self)
    handshake = promise
    let bound = NIOLoopBound(self, eventLoop: loop)
    let task = loop.scheduleTask(in: timeout) {
      bound.value.fail(SMTPTransportFailure.timeout(timeout))
    }
    promise.futureResult.whenComplete { _ in task.cancel() }
    return promise.futureResult
  }

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    self.context = nil
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var incoming = unwrapInboundIn(data)
    buffer.writeBuffer(&incoming)
    do {
      while let line = nextLine() {
        if let reply = try parser.feed(line) { deliver(reply) }
      }
      if buffer.readableBytes > Self.maximumReplyBytes { throw SMTPTransportFailure.replyTooLong }
    } catch {
      fail(error)
    }
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if case .handshakeCompleted = event as? TLSUserEvent {
      tlsEstablished = true
      handshake?.succeed()
      handshake = nil
    }
    context.fireUserInboundEventTriggered(event)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    fail(error)
  }

  func channelInactive(context: ChannelHandlerContext) {
    fail(SMTPTransportFailure.closed)
    context.fireChannelInactive()
  }

  private func nextLine() -> String? {
    guard let newline = buffer.readableBytesView.firstIndex(of: 0x0A) else { return nil }
    let length = newline - buffer.readerIndex
    guard var line = buffer.readString(length: length) else { return nil }
    buffer.moveReaderIndex(forwardBy: 1)
    if line.hasSuffix("\r") { line.removeLast() }
    return line
  }

  private func deliver(_ reply: SMTPReply) {
    if let (promise, timeout) = waiting {
      waiting = nil
      timeout.cancel()
      promise.succeed(reply)
    } else {
      queued.append(reply)
    }
  }

  private func fail(_ error: any Error) {
    guard failure == nil else { return }
    failure = error
    if let (promise, timeout) = waiting {
      waiting = nil
      timeout.cancel()
      promise.fail(error)
    }
    handshake?.fail(error)
    handshake = nil
    context?.close(promise: nil)
  }
}

/// What went wrong below the SMTP dialogue; `SMTPError` puts it into words.
enum SMTPTransportFailure: Error {
  case timeout(TimeAmount)
  case closed
  case replyTooLong
  case dataAfterSTARTTLS
}
