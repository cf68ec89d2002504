import Foundation
import NIOCore
import NIOHTTP1

/// Streams a file as a request body in chunks, waiting for each write (so memory stays flat).
enum FileBody {
  static let chunkSize = 256 * 1024

  static func write(path: String, head: HTTPRequestHead, to channel: any Channel) async throws {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw HTTPTransportError("cannot open \(path) for reading")
    }
    defer { try? handle.close() }
    let size = try handle.seekToEnd()
    try handle.seek(toOffset: 0)
    var head = head
    head.headers.add(name: "Content-Length", value: String(size))
    try await channel.writeAndFlush(HTTPClientRequestPart.head(head))
    while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
      try await channel.writeAndFlush(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: data))))
    }
  }
}
