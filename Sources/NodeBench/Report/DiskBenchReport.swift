/// What `skep bench disk` found on each node, as `--json` prints it and the table shows it.
public struct DiskBenchReport: Codable, Sendable, Hashable {
  /// The unit of every figure.
  public var unit = BenchUnits.megabytesPerSecond
  public var options: DiskBenchOptions
  public var nodes: [Node]

  public init(options: DiskBenchOptions, nodes: [Node]) {
    self.options = options
    self.nodes = nodes
  }

  /// One node's run.
  public struct Node: Codable, Sendable, Hashable {
    public var node: String
    /// The folder on the node.
    public var path: String
    public var fileSystem: String?
    public var memoryBytes: Int?
    /// O_DIRECT (true) or buffered + fsync + fadvise(DONTNEED) (false); nil when the run never started.
    public var direct: Bool?
    public var results: [Result]
    /// What to keep in mind reading these figures.
    public var notes: [String]
    /// Why the node's run failed, if it did.
    public var failure: String?
  }

  /// One operation and request size over the repeats.
  public struct Result: Codable, Sendable, Hashable {
    public var operation: DiskOperation
    public var blockSize: Int
    public var fileSize: Int
    public var megabytesPerSecond: BenchSummary
  }

  public var failed: Bool { nodes.contains { $0.failure != nil } }

  /// A node's entry from its job's bench lines (and its failure, if any).
  public static func node(
    _ name: String, path: String, lines: [BenchLine], options: DiskBenchOptions, failure: String?
  ) -> Node {
    let setup = lines.lazy.compactMap { line -> DiskSetup? in
      if case .diskSetup(let setup) = line { return setup }
      return nil
    }.first
    let samples = lines.compactMap { line -> DiskSample? in
      if case .diskSample(let sample) = line { return sample }
      return nil
    }
    var results: [Result] = []
    for pass in options.passes {
      for operation in DiskOperation.allCases {
        let mine = samples.filter { $0.operation == operation && $0.blockSize == pass.blockSize }
        guard !mine.isEmpty else { continue }
        results.append(
          Result(
            operation: operation, blockSize: pass.blockSize, fileSize: pass.fileSize,
            megabytesPerSecond: BenchSummary(mine.map(\.megabytesPerSecond))))
      }
    }
    var failure = failure
    if let reason = failure, reason.contains("bind source path does not exist") {
      failure = reason + " (the parent of the measured folder must exist on the node: create it, or choose --path)"
    }
    if failure == nil, samples.count < options.passes.count * options.repeats * 2 {
      failure = "the job ended with \(samples.count) of \(options.passes.count * options.repeats * 2) results"
    }
    return Node(
      node: name, path: path, fileSystem: setup?.fileSystem, memoryBytes: setup?.memoryBytes, direct: setup?.direct,
      results: results, notes: notes(setup, options: options), failure: failure)
  }

  /// The honesty notes: buffered I/O, and files the page cache could hold.
  static func notes(_ setup: DiskSetup?, options: DiskBenchOptions) -> [String] {
    guard let setup else { return [] }
    var notes: [String] = []
    if !setup.direct {
      notes.append(
        "\(setup.fileSystem ?? "this file system") refuses O_DIRECT: buffered I/O, fsync after each write, the "
          + "file's pages dropped (posix_fadvise DONTNEED) before each read")
      if let memory = setup.memoryBytes, options.largeFileSize < memory {
        notes.append(
          "the \(ByteSize.format(options.largeFileSize)) file is smaller than the node's "
            + "\(ByteSize.format(memory)) of memory: caches below the page cache may still help reads")
      }
    }
    if let fileSystem = setup.fileSystem, ["tmpfs", "ramfs"].contains(fileSystem) {
      notes.append("\(fileSystem) is memory, not a disk")
    }
    return notes
  }

  /// The table's header and rows: one row per node, operation and request size.
  public var table: (header: [String], rows: [[String]]) {
    let header = ["NODE", "TEST", "MIN MB/s", "MEDIAN MB/s", "MAX MB/s", "RUNS", "FILE", "I/O"]
    var rows: [[String]] = []
    for node in nodes {
      let io = node.direct.map { $0 ? "direct" : "buffered+fsync" } ?? "-"
      for result in node.results {
        let summary = result.megabytesPerSecond
        rows.append([
          node.node, "\(result.operation.rawValue) \(ByteSize.format(result.blockSize))",
          BenchFormat.rate(summary.min), BenchFormat.rate(summary.median), BenchFormat.rate(summary.max),
          String(summary.runs.count), ByteSize.format(result.fileSize), io,
        ])
      }
      if node.results.isEmpty { rows.append([node.node, "-", "-", "-", "-", "0", "-", io]) }
    }
    return (header, rows)
  }

  /// Lines under the table: the unit, each node's folder and file system, notes and failures.
  public var footnotes: [String] {
    var lines = ["MB/s = 10^6 bytes per second (as dd prints); writes include the final fsync"]
    for node in nodes {
      lines.append("\(node.node): \(node.path) (\(node.fileSystem ?? "file system unknown"))")
      lines += node.notes.map { "\(node.node): note: \($0)" }
      if let failure = node.failure { lines.append("\(node.node): failed: \(failure)") }
    }
    return lines
  }
}

/// Unit names the reports carry.
public enum BenchUnits {
  public static let megabytesPerSecond = "MB/s (10^6 bytes per second)"
}
