import Foundation

/// Mount points from /proc/self/mountinfo.
public enum MountTable {
  /// Mount points at or under `directory`, deepest first (the order to unmount them in).
  public static func mounts(under directory: String, mountinfo: String) -> [String] {
    var found: [String] = []
    for line in mountinfo.split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count > 4 else { continue }
      let point = unescape(String(fields[4]))
      if point == directory || point.hasPrefix(directory + "/") { found.append(point) }
    }
    return found.sorted { $0.count > $1.count }
  }

  /// mountinfo escapes space, tab, newline and backslash as \ooo octal.
  static func unescape(_ field: String) -> String {
    guard field.contains("\\") else { return field }
    var bytes: [UInt8] = []
    let source = Array(field.utf8)
    var index = 0
    while index < source.count {
      if source[index] == UInt8(ascii: "\\"), index + 3 < source.count,
        let value = UInt8(String(decoding: source[(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
      {
        bytes.append(value)
        index += 4
      } else {
        bytes.append(source[index])
        index += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The current process's mount table.
  public static func current() -> String {
    (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
  }
}
