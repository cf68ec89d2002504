import Foundation
import Sandbox
import SkepConfig
import SkepTestSupport
import Testing

/// `skep bench disk|net` on the sandbox against the reference tools run on the same file system and between the same
/// network namespaces, interleaved in the same session: `dd oflag=direct conv=fsync` / `dd iflag=direct`, and a
/// single-stream `iperf3`. Agreement within ±15 % of the medians.
@Suite(.serialized, .enabled(if: SandboxFixture.isEnabled))
struct NodeBenchTests {
  let sandbox: SandboxFixture
  static let tolerance = 0.15
  /// Writes: skep must not be more than 15 % below dd, and may be up to 40 % above it. dd reads `/dev/zero` into its
  /// buffer before every 1 MiB block (strace here: 1,027 reads, 69 µs each), and with one synchronous direct write at a
  /// time the disk idles meanwhile: on this 1.5 GB/s virtual disk that is 10 % or more of each ~0.65 ms block. A
  /// writer that reuses one buffer like skep (a Python O_DIRECT loop, alternated with dd) measures 1,524–1,909 MB/s
  /// against dd's 1.2–1.5 GB/s, and single runs of either spread by ±20 %. On a board's SD card or SSD (a block takes
  /// 3–8 ms) the same 69 µs is 1–2 %.
  static let writeBelow = 0.15
  static let writeAbove = 0.40

  init() throws { sandbox = try SandboxFixture.shared() }

  /// The swarm formed and the skep image (this binary) in the sandbox registry.
  func prepare() async throws {
    let formed = try await sandbox.skep(["cluster", "up"])
    try #require(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let image = try await sandbox.skep(["sandbox", "image", "--dir", sandbox.directory])
    try #require(image.status == 0, "sandbox image failed: \(image.stderr)")
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }

  static func agree(_ measured: Double, _ reference: Double) -> Bool {
    reference > 0 && abs(measured / reference - 1) <= tolerance
  }

  /// `dd`'s own figure from its last stderr line (`N bytes (…) copied, S s, …`), in 10^6 bytes per second.
  static func ddRate(_ stderr: String) -> Double? {
    guard let line = stderr.split(separator: "\n").last(where: { $0.contains(" copied, ") }),
      let bytes = line.split(separator: " ").first.flatMap({ Double($0) }),
      let after = line.components(separatedBy: " copied, ").last,
      let seconds = after.split(separator: " ").first.flatMap({ Double($0) }), seconds > 0
    else { return nil }
    return bytes / seconds / 1e6
  }

  /// Five rounds, each `dd` writing and reading 1 GiB with direct I/O in the node's /var/lib/skep folder (on the
  /// host), then `skep bench disk node1` in that same folder; then one run with the default options (4 KiB passes
  /// included) whose 4 KiB figures are only checked for presence (they swing by more than 15 % between runs here).
  @Test func diskFiguresAgreeWithDdOnTheSameFolder() async throws {
    try await prepare()
    let node = "node1"
    let name = "bench-test-\(UUID().uuidString.prefix(6).lowercased())"
    let hostFolder = "\(sandbox.directory)/nodes/\(node)/var-lib-skep/\(name)"
    try FileManager.default.createDirectory(atPath: hostFolder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: hostFolder) }
    let file = hostFolder + "/dd.dat"
    let environment = ["LC_ALL": "C", "PATH": "/usr/bin:/bin"]

    var dd: (write: [Double], read: [Double]) = ([], [])
    var skep: (write: [Double], read: [Double]) = ([], [])
    // The sandbox's disk is virtual and noisy (single 1 GiB runs of one tool spread by ±20 % here), and a write
    // right after another tool's 1 GiB finds the host still writing back: every measurement starts after the same
    // `sync` and pause, skep's and dd's alike, and the rounds alternate which tool goes first.
    func settle() async throws {
      _ = try runProcess("/usr/bin/sync", [], environment: environment)
      try await Task.sleep(for: .seconds(3))
    }
    func skepRound() async throws {
      let output = try await sandbox.skep([
        "bench", "disk", node, "--json", "--path", "/var/lib/skep/\(name)", "--repeats", "1", "--small-size", "0",
      ])
      try #require(output.status == 0, "bench disk failed: \(output.stderr)")
      let report = try JSONDecoder().decode(DiskJSON.self, from: Data(output.stdout.utf8))
      let entry = try #require(report.nodes.first { $0.node == node })
      #expect(entry.direct == true && entry.fileSystem == "ext4" && entry.failure == nil)
      skep.write.append(try #require(entry.median(.write, 1 << 20)))
      skep.read.append(try #require(entry.median(.read, 1 << 20)))
      // skep's file is gone; the folder existed, so it stays.
      #expect(try FileManager.default.contentsOfDirectory(atPath: hostFolder).isEmpty)
    }
    for round in 0..<7 {
      if round % 2 == 1 {
        try await settle()
        try await skepRound()
      }
      try await settle()
      let written = try runProcess(
        "/usr/bin/dd", ["if=/dev/zero", "of=\(file)", "bs=1M", "count=1024", "oflag=direct", "conv=fsync"],
        environment: environment)
      let read = try runProcess(
        "/usr/bin/dd", ["if=\(file)", "of=/dev/null", "bs=1M", "iflag=direct"], environment: environment)
      try FileManager.default.removeItem(atPath: file)
      dd.write.append(try #require(Self.ddRate(written.stderr), "dd write: \(written.stderr)"))
      dd.read.append(try #require(Self.ddRate(read.stderr), "dd read: \(read.stderr)"))

      if round % 2 == 0 {
        try await settle()
        try await skepRound()
      }
    }
    let figures =
      "1 MiB write: skep \(skep.write) median \(Self.median(skep.write)), dd \(dd.write) median \(Self.median(dd.write)); "
      + "read: skep \(skep.read) median \(Self.median(skep.read)), dd \(dd.read) median \(Self.median(dd.read))"
    print("bench disk vs dd (MB/s): \(figures)")
    let writeRatio = Self.median(skep.write) / max(Self.median(dd.write), 1)
    #expect(writeRatio >= 1 - Self.writeBelow && writeRatio <= 1 + Self.writeAbove, "\(figures)")
    #expect(Self.agree(Self.median(skep.read), Self.median(dd.read)), "\(figures)")

    // The defaults: /var/lib/skep/bench, 1 GiB and 256 MiB files, 3 repeats, every pass reported, nothing left.
    let full = try await sandbox.skep(["bench", "disk", node, "--json"])
    try #require(full.status == 0, "bench disk failed: \(full.stderr)")
    let entry = try #require(try JSONDecoder().decode(DiskJSON.self, from: Data(full.stdout.utf8)).nodes.first)
    #expect(entry.path == "/var/lib/skep/bench")
    #expect(
      entry.results.map { "\($0.operation) \($0.blockSize) \($0.fileSize)" } == [
        "write 1048576 1073741824", "read 1048576 1073741824", "write 4096 268435456", "read 4096 268435456",
      ])
    #expect(entry.results.allSatisfy { $0.megabytesPerSecond.runs.count == 3 && $0.megabytesPerSecond.min > 0 })
    print(
      "bench disk defaults (MB/s medians): \(entry.results.map { "\($0.operation) \($0.blockSize): \($0.megabytesPerSecond.median)" })"
    )
    #expect(!FileManager.default.fileExists(atPath: "\(sandbox.directory)/nodes/\(node)/var-lib-skep/bench"))
  }

  /// Three rounds, each a single-stream `iperf3 -t 5` from node1 to node2 (server in node1's namespace, client in
  /// node2's with -R so that node1 sends), then `skep bench net --from node1 --to node2` with one 5 s transfer.
  @Test func netFiguresAgreeWithIperf3BetweenTheSameNodes() async throws {
    try await prepare()
    let state = try #require(try StateFile(path: sandbox.directory + "/state.json").load())
    let sender = try #require(state.nodes.first { $0.name == "node1" })
    let receiver = try #require(state.nodes.first { $0.name == "node2" })
    var iperf: [Double] = []
    var skep: [Double] = []
    for _ in 0..<3 {
      iperf.append(try await iperf3(server: sender, client: receiver))
      let output = try await sandbox.skep([
        "bench", "net", "--from", sender.name, "--to", receiver.name, "--json", "--repeats", "1",
      ])
      try #require(output.status == 0, "bench net failed: \(output.stderr)")
      let report = try JSONDecoder().decode(NetJSON.self, from: Data(output.stdout.utf8))
      let pair = try #require(report.pairs.first)
      #expect(pair.from == sender.name && pair.to == receiver.name && pair.address == receiver.address)
      skep.append(try #require(pair.megabytesPerSecond?.median, "no figure: \(output.stdout)"))
    }
    let figures = "skep \(skep) median \(Self.median(skep)), iperf3 \(iperf) median \(Self.median(iperf))"
    print("bench net vs iperf3 (MB/s): \(figures)")
    #expect(Self.agree(Self.median(skep), Self.median(iperf)), "\(figures)")
  }

  /// One `iperf3` run, 5 s, one stream, `server` sending (-R): what the receiving client counted, in MB/s.
  func iperf3(server: SandboxState.Node, client: SandboxState.Node) async throws -> Double {
    let port = "7899"
    let listening = try StartedProcess(
      "/usr/bin/nsenter", ["--net=/run/netns/\(server.netns)", "/usr/bin/iperf3", "-s", "-1", "-p", port])
    defer { if listening.process.isRunning { listening.process.terminate() } }
    var last = ""
    for _ in 0..<20 {
      try await Task.sleep(for: .milliseconds(300))
      let result = try runProcess(
        "/usr/bin/nsenter",
        [
          "--net=/run/netns/\(client.netns)", "/usr/bin/iperf3", "-c", server.address, "-p", port, "-t", "5", "-R",
          "-J",
        ])
      last = result.stdout + result.stderr
      guard result.status == 0 else { continue }
      let report = try JSONDecoder().decode(Iperf3JSON.self, from: Data(result.stdout.utf8))
      _ = listening.wait()
      return report.end.sumReceived.bitsPerSecond / 8 / 1e6
    }
    throw FixtureError("iperf3 never ran: \(last)")
  }
}

/// What the tests read of `skep bench disk --json`.
private struct DiskJSON: Decodable {
  struct Node: Decodable {
    var node: String
    var path: String
    var fileSystem: String?
    var direct: Bool?
    var failure: String?
    var results: [Result]

    func median(_ operation: Operation, _ blockSize: Int) -> Double? {
      results.first { $0.operation == operation && $0.blockSize == blockSize }?.megabytesPerSecond.median
    }
  }
  enum Operation: String, Decodable { case write, read }
  struct Result: Decodable {
    var operation: Operation
    var blockSize: Int
    var fileSize: Int
    var megabytesPerSecond: Summary
  }
  var unit: String
  var nodes: [Node]
}

private struct Summary: Decodable {
  var runs: [Double]
  var min: Double
  var median: Double
  var max: Double
}

/// What the tests read of `skep bench net --json`.
private struct NetJSON: Decodable {
  struct Pair: Decodable {
    var from: String
    var to: String
    var address: String
    var megabytesPerSecond: Summary?
    var failure: String?
  }
  var pairs: [Pair]
}

/// `iperf3 -J`'s end sums.
private struct Iperf3JSON: Decodable {
  struct End: Decodable {
    struct Sum: Decodable {
      var bitsPerSecond: Double
      enum CodingKeys: String, CodingKey { case bitsPerSecond = "bits_per_second" }
    }
    var sumReceived: Sum
    enum CodingKeys: String, CodingKey { case sumReceived = "sum_received" }
  }
  var end: End
}
