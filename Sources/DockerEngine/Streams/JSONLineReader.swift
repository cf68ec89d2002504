import Foundation
import NIOCore

/// Turns a JSON-lines response body into decoded values; `check` may throw to end the stream (progress errors).
actor JSONLineReader<Element: Decodable & Sendable> {
  private let body: BodyReader
  private let check: @Sendable (Element) -> String?
  private var splitter = JSONLineSplitter()
  private var queue: [[UInt8]] = []
  private var ended = false

  /// - Parameter check: returns an error message when a decoded line reports a failure.
  init(body: BodyReader, check: @escaping @Sendable (Element) -> String? = { _ in nil }) {
    self.body = body
    self.check = check
  }

  func next() async throws -> Element? {
    while queue.isEmpty {
      if ended { return nil }
      if let chunk = try await body.next() {
        queue += splitter.feed(chunk.readableBytesView)
      } else {
        ended = true
        if let last = splitter.finish() { queue.append(last) }
      }
    }
    let line = queue.removeFirst()
    let path = await body.request?.path ?? ""
    let element: Element
    do {
      element = try JSONDecoder().decode(Element.self, from: Data(line))
    } catch {
      throw DockerEngineError.decoding(type: "\(Element.self)", path: path, reason: DockerClient.describe(error))
    }
    if let message = check(element) {
      let method = await body.request?.method.rawValue ?? ""
      let status = await body.response?.status ?? 200
      throw DockerEngineError.http(status: status, message: message, method: method, path: path)
    }
    return element
  }
}

extension DockerClient {
  /// A lazily started stream of `LogFrame`s from a logs/attach/exec endpoint.
  func frameStream(
    tty: Bool, _ makeRequest: @escaping @Sendable () async throws -> HTTPRequest
  ) -> AsyncThrowingStream<LogFrame, any Error> {
    let reader = FrameReader(body: BodyReader(client: self, makeRequest: makeRequest), tty: tty)
    return AsyncThrowingStream(unfolding: { try await reader.next() })
  }

  /// A lazily started stream of decoded JSON lines.
  func jsonLineStream<Element: Decodable & Sendable>(
    of type: Element.Type, check: @escaping @Sendable (Element) -> String? = { _ in nil },
    _ makeRequest: @escaping @Sendable () async throws -> HTTPRequest
  ) -> AsyncThrowingStream<Element, any Error> {
    let reader = JSONLineReader<Element>(body: BodyReader(client: self, makeRequest: makeRequest), check: check)
    return AsyncThrowingStream(unfolding: { try await reader.next() })
  }
}
