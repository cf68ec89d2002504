import NIOCore

/// Pulls a streaming response's body chunk by chunk, starting the request on the first pull.
///
/// Used behind `AsyncThrowingStream(unfolding:)` so no extra task is needed: the consumer drives the reads,
/// and dropping or cancelling the consumer closes the connection.
actor BodyReader {
  private enum State {
    case idle
    case streaming(AsyncThrowingStream<ByteBuffer, any Error>.AsyncIterator)
    case finished
  }

  private let client: DockerClient
  private let makeRequest: @Sendable () async throws -> HTTPRequest
  private var state = State.idle
  /// The response's status and headers, once started.
  private(set) var response: HTTPResponse?
  /// The request as sent, once started.
  private(set) var request: HTTPRequest?

  init(client: DockerClient, makeRequest: @escaping @Sendable () async throws -> HTTPRequest) {
    self.client = client
    self.makeRequest = makeRequest
  }

  /// The next body chunk, or nil at the end. Throws `.http` for an error status (with the daemon's message).
  func next() async throws -> ByteBuffer? {
    switch state {
    case .finished:
      return nil
    case .idle:
      let request = try await makeRequest()
      self.request = request
      let response = try await client.perform(request)
      self.response = response
      if !(200..<300).contains(response.status) {
        state = .finished
        let body = (try? await response.collect(limit: 1024 * 1024)) ?? ByteBuffer()
        try client.check(response, body: body, request: request)
        return nil
      }
      state = .streaming(response.body.makeAsyncIterator())
      return try await next()
    case .streaming(var iterator):
      do {
        let chunk = try await iterator.next(isolation: #isolation)
        state = chunk == nil ? .finished : .streaming(iterator)
        return chunk
      } catch {
        state = .finished
        throw client.transportError(error)
      }
    }
  }
}
