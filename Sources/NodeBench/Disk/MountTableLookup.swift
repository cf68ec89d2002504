/// The file system a path lives on, from the text of `/proc/self/mountinfo`: the mount with the longest mount point
/// that is a prefix of the path (the last one wins among equal mount points: it is mounted on top).
public enum MountTableLookup {
  public static func fileSystem(of path: String, mountinfo: String) -> String? {
    var best: (point: String, type: String)?
    for line in mountinfo.split(separator: "\n") {
      // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL…] - TYPE SOURCE SUPER
      let fields = line.split(separator: " ").map(String.init)
      guard fields.count > 5, let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count else { continue }
      let point = unescape(fields[4])
      guard contains(point, path), point.count >= (best?.point.count ?? 0) else { continue }
      best = (point, fields[dash + 1])
    }
    return best?.type
  }

  static func contains(_ mountPoint: String, _ path: String) -> Bool {
    mountPoint == "/" || path == mountPoint || path.hasPrefix(mountPoint + "/")
  }

  /// mountinfo writes space, tab, newline and backslash as octal escapes (`\040`).
  static func unescape(_ field: String) -> String {
    guard field.contains("\\") else { return field }
    var result = ""
    var rest = Substring(field)
    while let slash = rest.firstIndex(of: "\\") {
      result += rest[..<slash]
      let digits = rest[rest.index(after: slash)...].prefix(3)
      if digits.count == 3, let code = UInt8(digits, radix: 8) {
        result.append(Character(UnicodeScalar(code)))
        rest = rest[rest.index(slash, offsetBy: 4)...]
      } else {
        result.append("\\")
        rest = rest[rest.index(after: slash)...]
      }
    }
    return result + rest
  }

  /// `MemTotal` of `/proc/meminfo`, in bytes.
  public static func memoryBytes(meminfo: String) -> Int? {
    for line in meminfo.split(separator: "\n") where line.hasPrefix("MemTotal:") {
      let fields = line.split(separator: " ")
      guard fields.count >= 2, let kib = Int(fields[1]) else { return nil }
      return kib * 1024
    }
    return nil
  }
}
