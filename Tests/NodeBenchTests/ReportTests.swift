import Testing

@testable import NodeBench

@Suite struct ReportTests {
  @Test func summariesAreMinMedianMax() {
    let odd = BenchSummary([300, 100, 200])
    #expect(odd.min == 100 && odd.median == 200 && odd.max == 300 && odd.runs == [300, 100, 200])
    #expect(BenchSummary([1, 4, 2, 3]).median == 2.5)
    #expect(BenchSummary([]).median == 0)
  }

  @Test func ratesReadWithThreeDigits() {
    #expect(BenchFormat.rate(1234.4) == "1234")
    #expect(BenchFormat.rate(98.76) == "98.8")
    #expect(BenchFormat.rate(4.567) == "4.57")
    #expect(BenchFormat.rate(0) == "0")
  }

  func diskLines(direct: Bool, fileSystem: String = "ext4", skip: Int = 0) -> [BenchLine] {
    var lines: [BenchLine] = [
      .diskSetup(DiskSetup(directory: "/d", fileSystem: fileSystem, memoryBytes: 8 << 30, direct: direct))
    ]
    let options = DiskBenchOptions(largeFileSize: 4 << 20, smallFileSize: 1 << 20, repeats: 3)
    for pass in options.passes {
      for run in 1...3 {
        // write: 1, 2, 3 s; read: twice as fast.
        lines.append(
          .diskSample(
            DiskSample(
              operation: .write, blockSize: pass.blockSize, run: run, bytes: pass.fileSize, seconds: Double(run))
          ))
        lines.append(
          .diskSample(
            DiskSample(
              operation: .read, blockSize: pass.blockSize, run: run, bytes: pass.fileSize, seconds: Double(run) / 2)))
      }
    }
    return Array(lines.dropLast(skip))
  }

  @Test func aDiskNodeSummarisesEachOperationAndRequestSize() throws {
    let options = DiskBenchOptions(largeFileSize: 4 << 20, smallFileSize: 1 << 20, repeats: 3)
    let node = DiskBenchReport.node(
      "node1", path: "/var/lib/skep/bench", lines: diskLines(direct: true), options: options, failure: nil)
    #expect(node.failure == nil && node.notes.isEmpty && node.direct == true && node.fileSystem == "ext4")
    #expect(node.results.map(\.operation) == [.write, .read, .write, .read])
    #expect(node.results.map(\.blockSize) == [1 << 20, 1 << 20, 4096, 4096])
    let write = try #require(node.results.first)
    let mb = Double(4 << 20) / 1e6
    #expect(write.megabytesPerSecond.max == mb && write.megabytesPerSecond.median == mb / 2)
    #expect(node.results[1].megabytesPerSecond.median == mb)

    let report = DiskBenchReport(options: options, nodes: [node])
    #expect(report.table.header.count == 8)
    #expect(report.table.rows.count == 4)
    #expect(report.table.rows[0] == ["node1", "write 1 MiB", "1.40", "2.10", "4.19", "3", "4 MiB", "direct"])
    #expect(report.table.rows[3][1] == "read 4 KiB")
    #expect(report.footnotes.contains { $0.contains("10^6 bytes") })
    #expect(!report.failed)
  }

  @Test func bufferedRunsAndMissingResultsAreSaid() {
    let options = DiskBenchOptions(largeFileSize: 4 << 20, smallFileSize: 1 << 20, repeats: 3)
    let buffered = DiskBenchReport.node(
      "node2", path: "/p", lines: diskLines(direct: false, fileSystem: "tmpfs", skip: 1), options: options,
      failure: nil)
    #expect(buffered.notes.contains { $0.contains("refuses O_DIRECT") })
    #expect(buffered.notes.contains { $0.contains("smaller than the node's 8 GiB") })
    #expect(buffered.notes.contains { $0.contains("memory, not a disk") })
    #expect(buffered.failure == "the job ended with 11 of 12 results")
    let report = DiskBenchReport(options: options, nodes: [buffered])
    #expect(report.failed)
    #expect(report.table.rows.allSatisfy { $0.last == "buffered+fsync" })
    #expect(report.footnotes.contains("node2: failed: the job ended with 11 of 12 results"))

    let missing = DiskBenchReport.node(
      "node4", path: "/no/bench", lines: [], options: options,
      failure: "rejected: invalid mount config for type \"bind\": bind source path does not exist: /no")
    #expect(missing.failure?.hasSuffix("must exist on the node: create it, or choose --path)") == true)

    let never = DiskBenchReport.node("node3", path: "/p", lines: [], options: options, failure: "node down")
    #expect(never.failure == "node down" && never.direct == nil)
    #expect(
      DiskBenchReport(options: options, nodes: [never]).table.rows == [["node3", "-", "-", "-", "-", "0", "-", "-"]])
  }

  @Test func netPairsAreARingByDefault() throws {
    let members = ["node1", "node2", "node3", "node4"]
    func pairs(_ nodes: [String] = [], from: String? = nil, to: String? = nil, all: Bool = false) throws -> [String] {
      try NetPairs.plan(nodes: nodes, from: from, to: to, allPairs: all, members: members).get().map {
        "\($0.from)>\($0.to)"
      }
    }
    #expect(try pairs() == ["node1>node2", "node2>node3", "node3>node1"])
    #expect(try pairs(["node4", "node1"]) == ["node4>node1"])
    #expect(try pairs(from: "node2", to: "node1") == ["node2>node1"])
    #expect(try pairs(["node1", "node2", "node3"], all: true).count == 6)
    for bad in [
      NetPairs.plan(nodes: ["node1"], from: nil, to: nil, allPairs: false, members: members),
      NetPairs.plan(nodes: ["node1", "node1"], from: nil, to: nil, allPairs: false, members: members),
      NetPairs.plan(nodes: [], from: "node1", to: "node1", allPairs: false, members: members),
      NetPairs.plan(nodes: [], from: "node1", to: nil, allPairs: false, members: members),
      NetPairs.plan(nodes: [], from: nil, to: nil, allPairs: false, members: ["node1"]),
    ] {
      guard case .failure = bad else {
        Issue.record("accepted: \(bad)")
        continue
      }
    }
  }

  @Test func aNetPairIsWhatTheReceiverCounted() throws {
    let lines: [BenchLine] = [
      .netSample(NetSample(run: 1, bytes: 100_000_000, seconds: 1, sentBytes: 101_000_000, sendSeconds: 1.01)),
      .netSample(NetSample(run: 2, bytes: 300_000_000, seconds: 2, sentBytes: 301_000_000, sendSeconds: 2)),
    ]
    let pair = NetBenchReport.pair(
      NetPairs.Pair(from: "node1", to: "node2"), address: "10.0.0.2", lines: lines, repeats: 2, failures: [])
    #expect(pair.failure == nil)
    #expect(pair.megabytesPerSecond?.runs == [100, 150])
    #expect(pair.megabytesPerSecond?.median == 125)
    #expect(pair.medianMegabitsPerSecond == 1000)
    let report = NetBenchReport(seconds: 5, repeats: 2, port: 7811, pairs: [pair])
    #expect(report.table.rows == [["node1", "node2", "100.0", "125.0", "150.0", "1000", "2"]])

    let short = NetBenchReport.pair(
      NetPairs.Pair(from: "a", to: "b"), address: "x", lines: Array(lines.prefix(1)), repeats: 2, failures: [])
    #expect(short.failure == "the sender reported 1 of 2 transfers")
    let failed = NetBenchReport.pair(
      NetPairs.Pair(from: "a", to: "b"), address: "x", lines: [], repeats: 2, failures: ["receiver on b: failed"])
    #expect(failed.failure == "receiver on b: failed" && failed.megabytesPerSecond == nil)
    #expect(NetBenchReport(seconds: 5, repeats: 2, port: 1, pairs: [failed]).table.rows[0][2] == "-")
  }
}
