/// What `skep bench net` found for each pair, as `--json` prints it and the table shows it.
public struct NetBenchReport: Codable, Sendable, Hashable {
  public var unit = BenchUnits.megabytesPerSecond
  public var seconds: Int
  public var repeats: Int
  public var port: UInt16
  public var pairs: [Pair]

  public init(seconds: Int, repeats: Int, port: UInt16, pairs: [Pair]) {
    self.seconds = seconds
    self.repeats = repeats
    self.port = port
    self.pairs = pairs
  }

  /// One sender → receiver measurement.
  public struct Pair: Codable, Sendable, Hashable {
    public var from: String
    public var to: String
    /// The receiver's inventory address the sender connected to.
    public var address: String
    /// As the receiver counted: its bytes over its time from first byte to end of stream.
    public var megabytesPerSecond: BenchSummary?
    /// As the sender counted (its writes over its time from connect to the receiver's answer).
    public var sentMegabytesPerSecond: BenchSummary?
    public var failure: String?

    /// The receiver's median in megabits per second (10^6 bits), as network gear is labelled.
    public var medianMegabitsPerSecond: Double? { megabytesPerSecond.map { $0.median * 8 } }
  }

  public var failed: Bool { pairs.contains { $0.failure != nil } }

  /// A pair's entry from the client job's lines and both jobs' failures.
  public static func pair(
    _ pair: NetPairs.Pair, address: String, lines: [BenchLine], repeats: Int, failures: [String]
  ) -> Pair {
    let samples = lines.compactMap { line -> NetSample? in
      if case .netSample(let sample) = line { return sample }
      return nil
    }
    var failure = failures.isEmpty ? nil : failures.joined(separator: "; ")
    if failure == nil, samples.count < repeats {
      failure = "the sender reported \(samples.count) of \(repeats) transfers"
    }
    return Pair(
      from: pair.from, to: pair.to, address: address,
      megabytesPerSecond: samples.isEmpty ? nil : BenchSummary(samples.map(\.megabytesPerSecond)),
      sentMegabytesPerSecond: samples.isEmpty
        ? nil
        : BenchSummary(samples.map { $0.sendSeconds > 0 ? Double($0.sentBytes) / $0.sendSeconds / 1e6 : 0 }),
      failure: failure)
  }

  /// The table's header and rows: one row per pair.
  public var table: (header: [String], rows: [[String]]) {
    let header = ["FROM", "TO", "MIN MB/s", "MEDIAN MB/s", "MAX MB/s", "MEDIAN Mbit/s", "RUNS"]
    let rows = pairs.map { pair -> [String] in
      guard let summary = pair.megabytesPerSecond else { return [pair.from, pair.to, "-", "-", "-", "-", "0"] }
      return [
        pair.from, pair.to, BenchFormat.rate(summary.min), BenchFormat.rate(summary.median),
        BenchFormat.rate(summary.max), BenchFormat.rate(summary.median * 8), String(summary.runs.count),
      ]
    }
    return (header, rows)
  }

  /// Lines under the table: how it was measured, and failures.
  public var footnotes: [String] {
    var lines = [
      "MB/s = 10^6 bytes per second, counted by the receiver; one TCP stream, 128 KiB writes, \(seconds) s per run, "
        + "port \(port)"
    ]
    for pair in pairs {
      if let failure = pair.failure { lines.append("\(pair.from) → \(pair.to): failed: \(failure)") }
    }
    return lines
  }
}
