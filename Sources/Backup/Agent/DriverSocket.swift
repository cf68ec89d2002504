import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Talks to the skep volume driver on this node (the `skep agent serve` socket): which driver volumes this node holds,
/// and a snapshot of one on request. The backup agent uses it for `driver: skep` volumes, whose copies live in the
/// driver's folder and whose snapshots must carry the lease epoch.
public protocol DriverVolumes: Sendable {
  /// The lease epoch this node holds for `volume`, or nil when it does not hold it (or the driver does not answer).
  func heldEpoch(_ volume: String) async -> UInt64?
  /// A snapshot of `volume` under this node's lease, taken now by the driver; throws with the driver's sentence.
  func snapshotNow(_ volume: String) async throws -> SnapshotSummary
}

/// ``DriverVolumes`` over the plugin socket: `/VolumeDriver.Get` (its status names the lease epoch this node holds)
/// and skep's `/Skep.SnapshotNow`. HTTP/1.0-style: one request per connection, read to the end.
public struct DriverSocket: DriverVolumes {
  public var path: String

  public init(path: String) { self.path = path }

  /// Whether the socket exists (the agent runs on this node).
  public var exists: Bool { FileManager.default.fileExists(atPath: path) }

  public func heldEpoch(_ volume: String) async -> UInt64? {
    struct Answer: Decodable {
      struct Volume: Decodable {
        var status: [String: String]?
        enum CodingKeys: String, CodingKey { case status = "Status" }
      }
      var volume: Volume?
      enum CodingKeys: String, CodingKey { case volume = "Volume" }
    }
    guard let body = try? await post("/VolumeDriver.Get", ["Name": volume]),
      let answer = try? JSONDecoder().decode(Answer.self, from: body)
    else { return nil }
    return answer.volume?.status?["leaseEpoch"].flatMap(UInt64.init)
  }

  public func snapshotNow(_ volume: String) async throws -> SnapshotSummary {
    struct Answer: Decodable {
      struct Figures: Decodable {
        var id: String
        var filesNew, filesChanged, filesUnmodified, totalFilesProcessed: Int
        var dataAdded, totalBytesProcessed: Int64
        var totalDuration: Double
      }
      var snapshot: Figures?
      var err: String?
      enum CodingKeys: String, CodingKey {
        case snapshot = "Snapshot"
        case err = "Err"
      }
    }
    let body = try await post("/Skep.SnapshotNow", ["Name": volume])
    let answer = try JSONDecoder().decode(Answer.self, from: body)
    guard let figures = answer.snapshot else {
      throw DriverSocketError(message: answer.err.flatMap { $0.isEmpty ? nil : $0 } ?? "the driver took no snapshot")
    }
    return SnapshotSummary(
      filesNew: figures.filesNew, filesChanged: figures.filesChanged, filesUnmodified: figures.filesUnmodified,
      dataAdded: figures.dataAdded, totalFilesProcessed: figures.totalFilesProcessed,
      totalBytesProcessed: figures.totalBytesProcessed, totalDuration: figures.totalDuration,
      snapshotID: String(figures.id.prefix(8)))
  }

  /// POSTs `json` to `endpoint` and returns the body (any status: the plugin protocol puts errors in `Err`).
  func post(_ endpoint: String, _ json: [String: String]) async throws -> Data {
    let payload = try JSONSerialization.data(withJSONObject: json)
    let path = path
    return try await blocking {
      let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
      guard descriptor >= 0 else { throw DriverSocketError(message: "socket: \(String(cString: strerror(errno)))") }
      defer { close(descriptor) }
      var address = sockaddr_un()
      address.sun_family = sa_family_t(AF_UNIX)
      let bytes = Array(path.utf8)
      guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
        throw DriverSocketError(message: "socket path too long: \(path)")
      }
      withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (index, byte) in bytes.enumerated() { raw[index] = byte }
      }
      let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
      }
      guard connected == 0 else {
        throw DriverSocketError(message: "cannot reach the skep agent at \(path): \(String(cString: strerror(errno)))")
      }
      let head =
        "POST \(endpoint) HTTP/1.1\r\nHost: skep\r\nContent-Type: application/json\r\n"
        + "Content-Length: \(payload.count)\r\nConnection: close\r\n\r\n"
      let request = Data(head.utf8) + payload
      try request.withUnsafeBytes { raw in
        guard let base = raw.baseAddress else { return }
        var offset = 0
        while offset < raw.count {
          let written = send(descriptor, base.advanced(by: offset), raw.count - offset, 0)
          guard written > 0 else { throw DriverSocketError(message: "write: \(String(cString: strerror(errno)))") }
          offset += written
        }
      }
      var response = Data()
      var buffer = [UInt8](repeating: 0, count: 65536)
      while true {
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count <= 0 { break }
        response.append(contentsOf: buffer[0..<count])
      }
      guard let split = response.range(of: Data("\r\n\r\n".utf8)) else {
        throw DriverSocketError(message: "the skep agent gave no answer to \(endpoint)")
      }
      return response[split.upperBound...]
    }
  }
}

/// A failure talking to the driver, with its sentence.
public struct DriverSocketError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public var description: String { message }
}
