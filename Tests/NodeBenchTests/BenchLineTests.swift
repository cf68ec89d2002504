import Testing

@testable import NodeBench

@Suite struct BenchLineTests {
  @Test func everyKindRoundTripsThroughItsJSONLine() throws {
    let lines: [BenchLine] = [
      .diskSetup(
        DiskSetup(directory: "/skep/bench-parent/bench", fileSystem: "ext4", memoryBytes: 1 << 30, direct: true)),
      .diskSample(DiskSample(operation: .read, blockSize: 4096, run: 2, bytes: 1 << 20, seconds: 0.5)),
      .netSample(NetSample(run: 1, bytes: 5_000_000, seconds: 2, sentBytes: 5_100_000, sendSeconds: 2.1)),
    ]
    for line in lines {
      let text = try line.jsonLine()
      #expect(!text.contains("\n"))
      #expect(text.contains("\"skepBench\""))
      #expect(BenchLine.parse(line: text) == line)
    }
  }

  @Test func otherLinesAreIgnored() throws {
    let sample = try BenchLine.diskSample(
      DiskSample(operation: .write, blockSize: 1 << 20, run: 1, bytes: 1 << 20, seconds: 1)
    ).jsonLine()
    let parsed = BenchLine.parse(lines: [
      "listening on 0.0.0.0:7811", sample, "{\"volume\":\"x\"}", String(sample.prefix(20)),
      "{\"skepBench\":\"unknown-kind\"}",
    ])
    #expect(parsed.count == 1)
  }

  @Test func megabytesAreTenToTheSixBytesPerSecond() {
    #expect(DiskSample(operation: .write, blockSize: 1, run: 1, bytes: 3_000_000, seconds: 2).megabytesPerSecond == 1.5)
    #expect(NetSample(run: 1, bytes: 10_000_000, seconds: 4, sentBytes: 0, sendSeconds: 0).megabytesPerSecond == 2.5)
    #expect(DiskSample(operation: .read, blockSize: 1, run: 1, bytes: 5, seconds: 0).megabytesPerSecond == 0)
  }
}
