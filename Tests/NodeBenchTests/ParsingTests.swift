import Testing

@testable import NodeBench

@Suite struct ParsingTests {
  @Test func sizesReadBinaryUnits() {
    #expect(ByteSize.parse("1G") == 1 << 30)
    #expect(ByteSize.parse("256M") == 256 << 20)
    #expect(ByteSize.parse("512MiB") == 512 << 20)
    #expect(ByteSize.parse("4k") == 4096)
    #expect(ByteSize.parse("1048576") == 1 << 20)
    #expect(ByteSize.parse("0") == 0)
    #expect(ByteSize.parse("1.5G") == nil)
    #expect(ByteSize.parse("G") == nil)
    #expect(ByteSize.parse("12X") == nil)
    #expect(ByteSize.parse("99999999999999T") == nil)
  }

  @Test func sizesFormatForPeople() {
    #expect(ByteSize.format(1 << 30) == "1 GiB")
    #expect(ByteSize.format(4096) == "4 KiB")
    #expect(ByteSize.format(3 << 29) == "1.5 GiB")
    #expect(ByteSize.format(100) == "100 B")
  }

  @Test func diskOptionsRefuseSizesThatAreNotWholeRequests() {
    #expect(DiskBenchOptions().problem == nil)
    #expect(DiskBenchOptions(smallFileSize: 0).problem == nil)
    #expect(DiskBenchOptions(smallFileSize: 0).passes.map(\.blockSize) == [1 << 20])
    #expect(DiskBenchOptions().passes.map(\.blockSize) == [1 << 20, 4096])
    #expect(DiskBenchOptions(largeFileSize: (1 << 20) + 4096).problem?.contains("--size") == true)
    #expect(DiskBenchOptions(largeFileSize: 0).problem?.contains("--size") == true)
    #expect(DiskBenchOptions(smallFileSize: 1000).problem?.contains("--small-size") == true)
    #expect(DiskBenchOptions(repeats: 0).problem?.contains("--repeats") == true)
  }

  @Test func benchPathsSplitIntoTheBoundParentAndTheFolder() throws {
    #expect(try BenchPath.parse("/var/lib/skep/bench").get() == BenchPath(parent: "/var/lib/skep", leaf: "bench"))
    #expect(try BenchPath.parse("/mnt/ssd/").get() == BenchPath(parent: "/mnt", leaf: "ssd"))
    #expect(try BenchPath.parse("/scratch").get().path == "/scratch")
    #expect(try BenchPath.parse("/scratch").get().parent == "/")
    for bad in ["relative/dir", "/", "/var/../etc", "/var/./x"] {
      guard case .failure = BenchPath.parse(bad) else {
        Issue.record("\(bad) was accepted")
        continue
      }
    }
  }

  @Test func theFileSystemIsTheLongestMountPointAboveThePath() {
    let mountinfo = """
      22 1 253:0 / / rw,relatime - overlay overlay rw
      30 22 0:26 / /proc rw - proc proc rw
      40 22 253:1 /nodes/node1/var-lib-skep /skep/bench-parent rw,relatime - ext4 /dev/vda rw
      41 22 0:40 / /skep/bench-parent2 rw - tmpfs tmpfs rw
      42 22 0:41 / /mnt/with\\040space rw shared:1 - xfs /dev/sdb rw
      """
    #expect(MountTableLookup.fileSystem(of: "/skep/bench-parent/bench", mountinfo: mountinfo) == "ext4")
    #expect(MountTableLookup.fileSystem(of: "/skep/bench-parent2", mountinfo: mountinfo) == "tmpfs")
    #expect(MountTableLookup.fileSystem(of: "/skep/bench-parent3", mountinfo: mountinfo) == "overlay")
    #expect(MountTableLookup.fileSystem(of: "/mnt/with space/x", mountinfo: mountinfo) == "xfs")
    #expect(MountTableLookup.fileSystem(of: "/x", mountinfo: "") == nil)
  }

  @Test func memoryIsMemTotal() {
    let meminfo = "MemTotal:        2014560 kB\nMemFree:          123 kB\n"
    #expect(MountTableLookup.memoryBytes(meminfo: meminfo) == 2_014_560 * 1024)
    #expect(MountTableLookup.memoryBytes(meminfo: "MemFree: 1 kB") == nil)
  }
}
