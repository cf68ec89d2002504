import NIOCore

/// Turns a logs/attach/exec response body into `LogFrame`s, multiplexed or raw.
actor FrameReader {
  private let body: BodyReader
  private let ttyHint: Bool
  private var decoder = MultiplexedStreamDecoder()
  private var multiplexed: Bool?
  private var queue: [LogFrame] = []

  /// - Parameter tty: whether the container/exec has a TTY (then the stream is raw); used when the daemon's
  ///   Content-Type does not say (API 1.41).
  init(body: BodyReader, tty: Bool) {
    self.body = body
    self.ttyHint = tty
  }

  func next() async throws -> LogFrame? {
    while queue.isEmpty {
      guard let chunk = try await body.next() else {
        if multiplexed == true, decoder.pendingByteCount > 0 {
          throw DockerEngineError.decoding(
            type: "multiplexed stream", path: await body.request?.path ?? "",
            reason: "stream ended inside a frame (\(decoder.pendingByteCount) bytes left)")
        }
        return nil
      }
      let isMultiplexed = try await mode()
      let bytes = chunk.readableBytesView
      if isMultiplexed {
        do {
          queue += try decoder.feed(bytes)
        } catch {
          throw DockerEngineError.decoding(
            type: "multiplexed stream", path: await body.request?.path ?? "", reason: "\(error)")
        }
      } else if !bytes.isEmpty {
        queue.append(LogFrame(stream: .stdout, bytes: Array(bytes)))
      }
    }
    return queue.removeFirst()
  }

  private func mode() async throws -> Bool {
    if let multiplexed { return multiplexed }
    let contentType = await body.response?.headers.first(name: "Content-Type") ?? ""
    let path = await body.request?.path ?? ""
    let decided = Self.isMultiplexed(contentType: contentType, path: path, tty: ttyHint)
    multiplexed = decided
    return decided
  }

  /// From API 1.42 the Content-Type of a logs stream says; on 1.41 (or an unknown type) a stream is multiplexed iff
  /// there is no TTY.
  ///
  /// Exec and attach are decided by the TTY alone: answered without an HTTP upgrade, Docker 26.1 labels an exec
  /// stream `application/vnd.docker.raw-stream` while the body is multiplexed (seen on the sandbox's 26.1.5).
  static func isMultiplexed(contentType: String, path: String, tty: Bool) -> Bool {
    let hijacked = path.contains("/exec/") || path.hasSuffix("/attach") || path.contains("/attach?")
    let version = path.split(separator: "/").first.flatMap { APIVersion(String($0)) }
    if !hijacked, let version, version >= APIVersion(major: 1, minor: 42) {
      if contentType.hasPrefix("application/vnd.docker.multiplexed-stream") { return true }
      if contentType.hasPrefix("application/vnd.docker.raw-stream") { return false }
    }
    return !tty
  }
}
