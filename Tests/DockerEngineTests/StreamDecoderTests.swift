import SkepTestSupport
import Testing

@testable import DockerEngine

@Suite struct StreamDecoderTests {
  typealias Stub = StubDockerServer.Response

  static let interleaved =
    Stub.frame(1, "out1\n") + Stub.frame(2, "err1\n") + Stub.frame(1, "") + Stub.frame(1, "out2\n")
  static let expected = [
    LogFrame(.stdout, "out1\n"), LogFrame(.stderr, "err1\n"), LogFrame(.stdout, ""), LogFrame(.stdout, "out2\n"),
  ]

  @Test func wholeBufferAtOnce() throws {
    var decoder = MultiplexedStreamDecoder()
    #expect(try decoder.feed(Self.interleaved) == Self.expected)
    #expect(decoder.pendingByteCount == 0)
  }

  @Test func byteByByte() throws {
    var decoder = MultiplexedStreamDecoder()
    var frames: [LogFrame] = []
    for byte in Self.interleaved {
      frames += try decoder.feed([byte])
    }
    #expect(frames == Self.expected)
  }

  @Test func splitAtEveryBoundary() throws {
    for cut in 0...Self.interleaved.count {
      var decoder = MultiplexedStreamDecoder()
      let frames = try decoder.feed(Self.interleaved[..<cut]) + decoder.feed(Self.interleaved[cut...])
      #expect(frames == Self.expected, "cut at \(cut)")
    }
  }

  @Test func largeFrameSizeIsBigEndian() throws {
    let payload = String(repeating: "x", count: 70_000)
    var decoder = MultiplexedStreamDecoder()
    let frames = try decoder.feed(Stub.frame(2, payload))
    #expect(frames.count == 1)
    #expect(frames.first?.bytes.count == 70_000)
    #expect(frames.first?.stream == .stderr)
  }

  @Test func garbageHeaderThrows() {
    var decoder = MultiplexedStreamDecoder()
    #expect(throws: MultiplexedStreamDecoder.InvalidHeader.self) {
      try decoder.feed(Array("hello world\n".utf8))
    }
  }

  @Test func jsonLinesSplitAnywhere() {
    let text = Array("{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}".utf8)
    for cut in 0...text.count {
      var splitter = JSONLineSplitter()
      var lines = splitter.feed(text[..<cut]) + splitter.feed(text[cut...])
      if let last = splitter.finish() { lines.append(last) }
      #expect(lines.map { String(decoding: $0, as: UTF8.self) } == [#"{"a":1}"#, #"{"b":2}"#, #"{"c":3}"#])
    }
  }

  @Test func multiplexingDecision() {
    let multiplexed = "application/vnd.docker.multiplexed-stream"
    let raw = "application/vnd.docker.raw-stream"
    #expect(FrameReader.isMultiplexed(contentType: multiplexed, path: "/v1.45/containers/x/logs", tty: true))
    #expect(!FrameReader.isMultiplexed(contentType: raw, path: "/v1.45/containers/x/logs", tty: false))
    // 1.41 sends raw-stream for everything: the TTY decides.
    #expect(FrameReader.isMultiplexed(contentType: raw, path: "/v1.41/exec/x/start", tty: false))
    #expect(!FrameReader.isMultiplexed(contentType: raw, path: "/v1.41/exec/x/start", tty: true))
    // 26.1 labels a non-upgraded exec stream raw even when it is multiplexed: exec follows the TTY on every version.
    #expect(FrameReader.isMultiplexed(contentType: raw, path: "/v1.45/exec/x/start", tty: false))
    #expect(!FrameReader.isMultiplexed(contentType: multiplexed, path: "/v1.45/exec/x/start", tty: true))
  }
}
