import Foundation
import Glibc
import Testing

@testable import NodeBench

/// The disk agent on this machine's own file systems: a real folder on the test's disk, and tmpfs for the fallback.
@Suite struct DiskBenchmarkTests {
  static let tmpfs = "/dev/shm"
  static var tmpfsPresent: Bool { fileSystem(of: tmpfs) == "tmpfs" }

  static func fileSystem(of path: String) -> String? {
    let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
    return MountTableLookup.fileSystem(of: path, mountinfo: mountinfo)
  }

  /// A scratch folder under `base` (default: the package's .build, a real disk rather than a tmpfs /tmp).
  func scratch(under base: String = FileManager.default.currentDirectoryPath + "/.build") throws -> String {
    let folder = "\(base)/nodebench-test-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  func run(in directory: String, options: DiskBenchOptions, tryDirect: Bool = true) throws -> [BenchLine] {
    var lines: [BenchLine] = []
    var benchmark = DiskBenchmark(directory: directory, options: options)
    benchmark.tryDirect = tryDirect
    try benchmark.run { lines.append($0) }
    return lines
  }

  @Test func aRunWritesAndReadsEveryPassAndLeavesNothingBehind() throws {
    let parent = try scratch()
    defer { try? FileManager.default.removeItem(atPath: parent) }
    let folder = parent + "/bench"
    let options = DiskBenchOptions(largeFileSize: 8 << 20, smallFileSize: 256 << 10, repeats: 2)
    let lines = try run(in: folder, options: options)

    guard case .diskSetup(let setup) = try #require(lines.first) else {
      Issue.record("the first line is not the setup: \(lines)")
      return
    }
    #expect(setup.directory == folder && setup.fileSystem == Self.fileSystem(of: parent))
    #expect((setup.memoryBytes ?? 0) > 0)
    if setup.fileSystem != "tmpfs" { #expect(setup.direct, "\(setup.fileSystem ?? "?") should take O_DIRECT") }
    let samples = lines.compactMap { line -> DiskSample? in
      if case .diskSample(let sample) = line { return sample }
      return nil
    }
    #expect(
      samples.map { "\($0.operation.rawValue)\($0.blockSize)/\($0.run)" } == [
        "write1048576/1", "read1048576/1", "write1048576/2", "read1048576/2",
        "write4096/1", "read4096/1", "write4096/2", "read4096/2",
      ])
    #expect(samples.allSatisfy { $0.bytes == ($0.blockSize == 4096 ? 256 << 10 : 8 << 20) && $0.seconds > 0 })
    // The folder it created is gone again, and the parent holds nothing.
    #expect(!FileManager.default.fileExists(atPath: folder))
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
  }

  @Test func anExistingFolderIsKeptAndOnlyTheFileIsRemoved() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/keep"))
    _ = try run(in: folder, options: DiskBenchOptions(largeFileSize: 1 << 20, smallFileSize: 0, repeats: 1))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["keep"])
  }

  /// The flag is the kernel's O_DIRECT: with it, a write from a misaligned buffer is refused with EINVAL (buffered,
  /// the same write succeeds).
  @Test func theDirectFlagIsODirect() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try #require(Self.fileSystem(of: folder) != "tmpfs", "needs a disk file system")
    let buffer = try AlignedBuffer(size: 2 * DirectIO.alignment)
    func write(flags: Int32) -> Int32 {
      let fd = open(folder + "/f", O_WRONLY | O_CREAT | flags, 0o600)
      guard fd >= 0 else { return errno }
      defer { close(fd) }
      return Glibc.write(fd, buffer.pointer + 1, DirectIO.alignment) == DirectIO.alignment ? 0 : errno
    }
    #expect(write(flags: 0) == 0)
    #expect(write(flags: DirectIO.openFlag) == EINVAL)
  }

  /// tmpfs takes O_DIRECT since Linux 6.6 (older kernels refuse it with EINVAL): either way the report says the
  /// figures are memory's.
  @Test(.enabled(if: DiskBenchmarkTests.tmpfsPresent))
  func onTmpfsTheReportSaysItIsMemory() throws {
    let folder = try scratch(under: Self.tmpfs)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let options = DiskBenchOptions(largeFileSize: 2 << 20, smallFileSize: 0, repeats: 1)
    let lines = try run(in: folder, options: options)
    let node = DiskBenchReport.node("n", path: folder, lines: lines, options: options, failure: nil)
    #expect(node.fileSystem == "tmpfs" && node.failure == nil)
    #expect(node.notes.contains("tmpfs is memory, not a disk"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }

  /// The buffered fallback (what a file system that refuses O_DIRECT gets): every pass still runs, the file's pages
  /// are dropped before each read, and the report says how it was measured.
  @Test func theBufferedFallbackRunsEveryPassAndSaysSo() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let options = DiskBenchOptions(largeFileSize: 2 << 20, smallFileSize: 64 << 10, repeats: 2)
    let lines = try run(in: folder, options: options, tryDirect: false)
    guard case .diskSetup(let setup) = try #require(lines.first) else {
      Issue.record("no setup line: \(lines)")
      return
    }
    #expect(!setup.direct)
    #expect(lines.count == 1 + 2 * 2 * 2)
    let node = DiskBenchReport.node("n", path: folder, lines: lines, options: options, failure: nil)
    #expect(node.failure == nil && node.notes.contains { $0.contains("refuses O_DIRECT") })
    #expect(DiskBenchReport(options: options, nodes: [node]).table.rows.allSatisfy { $0.last == "buffered+fsync" })
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }
}
