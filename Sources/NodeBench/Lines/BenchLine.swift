import Foundation

/// One result line a bench agent prints on stdout (its job's logs carry it back to the CLI): JSON with a
/// `skepBench` key naming the kind, so other lines are told apart.
public enum BenchLine: Sendable, Hashable {
  /// How a disk run is set up on the node, printed once before its samples.
  case diskSetup(DiskSetup)
  /// One timed pass over the file.
  case diskSample(DiskSample)
  /// One timed transfer between two nodes, as the receiving end counted it.
  case netSample(NetSample)

  /// The line, without a newline.
  public func jsonLine() throws -> String {
    var envelope = Envelope(skepBench: "")
    switch self {
    case .diskSetup(let setup):
      envelope.skepBench = Envelope.diskSetup
      envelope.setup = setup
    case .diskSample(let sample):
      envelope.skepBench = Envelope.diskSample
      envelope.disk = sample
    case .netSample(let sample):
      envelope.skepBench = Envelope.netSample
      envelope.net = sample
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(envelope), as: UTF8.self)
  }

  /// The line's value, or nil for any other line (logs, a cut-off line).
  public static func parse(line: String) -> BenchLine? {
    guard line.contains("\"skepBench\""),
      let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(line.utf8))
    else { return nil }
    switch envelope.skepBench {
    case Envelope.diskSetup: return envelope.setup.map(BenchLine.diskSetup)
    case Envelope.diskSample: return envelope.disk.map(BenchLine.diskSample)
    case Envelope.netSample: return envelope.net.map(BenchLine.netSample)
    default: return nil
    }
  }

  /// Every bench line among `lines`, in order.
  public static func parse(lines: [String]) -> [BenchLine] { lines.compactMap(parse(line:)) }

  private struct Envelope: Codable {
    static let diskSetup = "disk-setup"
    static let diskSample = "disk-sample"
    static let netSample = "net-sample"
    var skepBench: String
    var setup: DiskSetup?
    var disk: DiskSample?
    var net: NetSample?
  }
}

/// The read or write direction of a disk pass.
public enum DiskOperation: String, Codable, Sendable, Hashable, CaseIterable {
  case write
  case read
}

/// What a disk run found on the node before measuring.
public struct DiskSetup: Codable, Sendable, Hashable {
  /// The folder measured, as the agent sees it (inside the job's container).
  public var directory: String
  /// The file system type of that folder (`ext4`, `tmpfs`…), from /proc/self/mountinfo.
  public var fileSystem: String?
  /// The node's memory (MemTotal), which bounds the page cache.
  public var memoryBytes: Int?
  /// True: `O_DIRECT` reads and writes. False: the file system refused it (EINVAL), so buffered I/O with an fsync
  /// after writing and `posix_fadvise(DONTNEED)` before reading.
  public var direct: Bool

  public init(directory: String, fileSystem: String?, memoryBytes: Int?, direct: Bool) {
    self.directory = directory
    self.fileSystem = fileSystem
    self.memoryBytes = memoryBytes
    self.direct = direct
  }
}

/// One timed pass: `bytes` written (fsync included) or read in `blockSize` requests, taking `seconds`.
public struct DiskSample: Codable, Sendable, Hashable {
  public var operation: DiskOperation
  public var blockSize: Int
  /// 1-based repeat.
  public var run: Int
  public var bytes: Int
  public var seconds: Double

  public init(operation: DiskOperation, blockSize: Int, run: Int, bytes: Int, seconds: Double) {
    self.operation = operation
    self.blockSize = blockSize
    self.run = run
    self.bytes = bytes
    self.seconds = seconds
  }

  /// 10^6 bytes per second.
  public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds / 1e6 : 0 }
}

/// One TCP transfer: the receiver's byte count and its time from the first byte to the sender's end of stream.
public struct NetSample: Codable, Sendable, Hashable {
  /// 1-based repeat.
  public var run: Int
  public var bytes: Int
  public var seconds: Double
  /// What the sender wrote, and its time from connect to its end of stream.
  public var sentBytes: Int
  public var sendSeconds: Double

  public init(run: Int, bytes: Int, seconds: Double, sentBytes: Int, sendSeconds: Double) {
    self.run = run
    self.bytes = bytes
    self.seconds = seconds
    self.sentBytes = sentBytes
    self.sendSeconds = sendSeconds
  }

  /// 10^6 bytes per second, received.
  public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds / 1e6 : 0 }
}
