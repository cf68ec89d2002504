import Foundation

/// Sizes as people write them on the command line: `1G`, `256M`, `512MiB`, `4k`, `1048576` (binary units: 1K =
/// 1024 bytes), and back.
public enum ByteSize {
  /// The number of bytes, or nil when the text is not a size.
  public static func parse(_ text: String) -> Int? {
    let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
    let digits = lowered.prefix { $0.isNumber }
    guard !digits.isEmpty, let number = Int(digits) else { return nil }
    let shifts: [String: Int] = [
      "": 0, "b": 0, "k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20, "g": 30, "gb": 30, "gib": 30,
      "t": 40, "tb": 40, "tib": 40,
    ]
    guard let shift = shifts[String(lowered.dropFirst(digits.count))] else { return nil }
    let (value, overflow) = number.multipliedReportingOverflow(by: 1 << shift)
    return overflow ? nil : value
  }

  /// `1 GiB`, `256 MiB`, `4 KiB`, `1.5 GiB`, `100 B`.
  public static func format(_ bytes: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    let rounded = (value * 10).rounded() / 10
    let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    return "\(text) \(units[unit])"
  }
}
