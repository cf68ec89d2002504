import Foundation

/// Min, median and max of a few repeats, in MB/s (10^6 bytes per second), with the values themselves.
public struct BenchSummary: Codable, Sendable, Hashable {
  public var runs: [Double]
  public var min: Double
  public var median: Double
  public var max: Double

  public init(_ values: [Double]) {
    runs = values
    let sorted = values.sorted()
    min = sorted.first ?? 0
    max = sorted.last ?? 0
    median = Self.median(sorted)
  }

  /// The middle value, or the mean of the two middle ones; 0 for none.
  static func median(_ sorted: [Double]) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}

/// How figures read for people: `1234`, `98.7`, `4.56` (three significant digits below 1000).
public enum BenchFormat {
  public static func rate(_ value: Double) -> String {
    if value >= 1000 || value == 0 { return String(Int(value.rounded())) }
    let digits = value >= 100 ? 1 : value >= 10 ? 1 : 2
    return String(format: "%.\(digits)f", value)
  }
}
