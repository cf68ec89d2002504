/// Estimated build durations from earlier runs.
///
/// An image with history is estimated by the median of its recorded durations (the state file keeps the last
/// `StateFile.historyLength`); an image without history by the median of the other images' estimates; with no history
/// at all, `defaultDuration`.
public enum DurationEstimator {
  /// The estimate when nothing is known: two minutes.
  public static let defaultDuration: Double = 120

  /// An estimate for every image of `images`.
  public static func estimates(for images: [String], history: [String: [Double]]) -> [String: Double] {
    var known: [String: Double] = [:]
    for image in images {
      if let durations = history[image], let value = median(durations) { known[image] = value }
    }
    let fallback = median(Array(known.values)) ?? defaultDuration
    var result: [String: Double] = [:]
    for image in images { result[image] = known[image] ?? fallback }
    return result
  }

  /// The median of the finite, non-negative values, or nil when there are none.
  static func median(_ values: [Double]) -> Double? {
    let sorted = values.filter { $0.isFinite && $0 >= 0 }.sorted()
    guard !sorted.isEmpty else { return nil }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}
