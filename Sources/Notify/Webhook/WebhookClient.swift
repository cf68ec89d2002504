import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// POSTs a notification as JSON to one URL over HTTP/1.1 (TLS for `https://`), one connection per call.
///
/// Any 2xx is success. Redirects are not followed (a 3xx is an error naming its `Location`). The bearer token goes
/// only into the `Authorization` header; errors show the URL without its query and scrub the token from bodies.
public struct WebhookClient: Sendable {
  public var settings: WebhookSettings
  private let group: any EventLoopGroup

  public init(settings: WebhookSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
    self.settings = settings
    self.group = group
  }

  /// Posts `WebhookPayload(notification, topic: settings.topic)`. Returns the receiver's 2xx status.
  /// - Throws: `WebhookError`.
  @discardableResult
  public func post(_ notification: Notification) async throws(WebhookError) -> Int {
    let body: Data
    do {
      body = try WebhookPayload(notification, topic: settings.topic).json()
    } catch {
      throw WebhookError.configuration(url: settings.description, reason: "cannot encode the payload: \(error)")
    }
    return try await post(json: body)
  }

  /// Posts `json` as the body (`Content-Type: application/json`). Returns the receiver's 2xx status.
  /// - Throws: `WebhookError`.
  @discardableResult
  public func post(json: Data) async throws(WebhookError) -> Int {
    let target = try WebhookTarget(settings.url)
    let shown = target.shown
    let redactor = Redactor([settings.token])
    var tls: NIOSSLContext?
    if target.https {
      do {
        tls = try TLSContexts.client(caFile: settings.caFile)
      } catch {
        throw WebhookError.configuration(url: shown, reason: error.description)
      }
    }
    let response: WebhookResponseHandler.Response
    do {
      response = try await exchange(target: target, tls: tls, body: json)
    } catch {
      throw WebhookError.transport(url: shown, reason: redactor.scrub(Self.reason(error)))
    }
    let status = Int(response.head.status.code)
    guard (200..<300).contains(status) else {
      var text = String(decoding: response.body.readableBytesView, as: UTF8.self)
      text = text.trimmingCharacters(in: .whitespacesAndNewlines)
      if text.count > 500 { text = String(text.prefix(500)) + "…" }
      let location = (300..<400).contains(status) ? response.head.headers.first(name: "Location") ?? "?" : nil
      throw WebhookError.http(
        url: shown, status: status, reason: response.head.status.reasonPhrase, body: redactor.scrub(text),
        location: location.map(redactor.scrub))
    }
    return status
  }

  private func exchange(target: WebhookTarget, tls: NIOSSLContext?, body: Data) async throws
    -> WebhookResponseHandler.Response
  {
    let loop = group.next()
    let promise = loop.makePromise(of: WebhookResponseHandler.Response.self)
    let timeout = settings.timeout
    let serverHostname = TLSContexts.sniName(target.host)
    let channel: any Channel
    do {
      channel = try await ClientBootstrap(group: loop).connectTimeout(settings.connectTimeout)
        .channelInitializer { channel in
          channel.eventLoop.makeCompletedFuture {
            let sync = channel.pipeline.syncOperations
            if let tls { try sync.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverHostname)) }
            try sync.addHTTPClientHandlers()
            try sync.addHandler(WebhookResponseHandler(promise: promise, timeout: timeout))
          }
        }
        .connect(host: target.host, port: target.port).get()
    } catch {
      promise.fail(error)
      throw error
    }
    var headers = HTTPHeaders()
    headers.add(name: "Host", value: target.hostHeader)
    headers.add(name: "User-Agent", value: "skep")
    headers.add(name: "Content-Type", value: "application/json")
    headers.add(name: "Content-Length", value: String(body.count))
    headers.add(name: "Connection", value: "close")
    if let token = settings.token { headers.add(name: "Authorization", value: "Bearer \(token.value)") }
    let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target.target, headers: headers)
    channel.write(HTTPClientRequestPart.head(head), promise: nil)
    channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
    channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    defer { channel.close(promise: nil) }
    return try await promise.futureResult.get()
  }

  static func reason(_ error: any Error) -> String {
    switch error {
    case WebhookTransportFailure.timeout(let amount):
      return "no complete response within \(SMTPError.seconds(amount))"
    case WebhookTransportFailure.closed:
      return "the connection closed before the response was complete"
    default:
      return TransportText.reason(error)
    }
  }
}
