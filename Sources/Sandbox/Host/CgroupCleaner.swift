import Foundation

/// Finds and removes the cgroups the nodes' dockerds made for their containers (`cgroup-parent: /skep-ID-nodeN`),
/// in cgroup v1 (one tree per controller) and v2 (one tree) alike.
enum CgroupCleaner {
  static let mountRoot = "/sys/fs/cgroup"

  /// Every cgroup directory whose top-level name starts with `prefix` (or is exactly `exactly`), deepest first.
  static func directories(prefix: String, exactly: Bool = false) -> [String] {
    let manager = FileManager.default
    var hierarchies = [mountRoot]
    for entry in (try? manager.contentsOfDirectory(atPath: mountRoot)) ?? [] {
      hierarchies.append("\(mountRoot)/\(entry)")
    }
    var found: [String] = []
    for hierarchy in hierarchies {
      for entry in (try? manager.contentsOfDirectory(atPath: hierarchy)) ?? []
      where exactly ? entry == prefix : entry.hasPrefix(prefix) {
        found += walk("\(hierarchy)/\(entry)")
      }
    }
    return Array(Set(found)).sorted { $0.count > $1.count }
  }

  /// Pids listed in those cgroups.
  static func processes(prefix: String, exactly: Bool = false) -> Set<Int32> {
    var pids = Set<Int32>()
    for directory in directories(prefix: prefix, exactly: exactly) {
      guard let text = try? String(contentsOfFile: "\(directory)/cgroup.procs", encoding: .utf8) else { continue }
      for line in text.split(separator: "\n") {
        if let pid = Int32(line) { pids.insert(pid) }
      }
    }
    return pids
  }

  /// rmdir every such cgroup, deepest first (an empty cgroup is removed with rmdir, not by deleting its files).
  static func remove(prefix: String) {
    for directory in directories(prefix: prefix) {
      _ = rmdir(directory)
    }
  }

  private static func walk(_ directory: String) -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      return []
    }
    var result = [directory]
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
      let path = "\(directory)/\(entry)"
      var childIsDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &childIsDirectory), childIsDirectory.boolValue {
        result += walk(path)
      }
    }
    return result
  }
}
