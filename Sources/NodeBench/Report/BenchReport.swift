/// What `skep bench disk` and `skep bench net` print: JSON, or a table with its footnotes; and whether any node or
/// pair failed.
public protocol BenchReport: Encodable {
  var table: (header: [String], rows: [[String]]) { get }
  var footnotes: [String] { get }
  var failed: Bool { get }
}

extension DiskBenchReport: BenchReport {}
extension NetBenchReport: BenchReport {}
