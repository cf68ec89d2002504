import Foundation

/// What exists on the host right now, read from the kernel (not from state.json).
enum NetworkProbe {
  static func linkExists(_ name: String) -> Bool {
    FileManager.default.fileExists(atPath: "/sys/class/net/\(name)")
  }

  /// Host links whose name starts with `prefix`.
  static func links(prefix: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).filter { $0.hasPrefix(prefix) }
      .sorted()
  }

  /// Named network namespaces (/run/netns) whose name starts with `prefix`.
  static func namespaces(prefix: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []).filter { $0.hasPrefix(prefix) }
      .sorted()
  }

  static func namespaceExists(_ name: String) -> Bool {
    FileManager.default.fileExists(atPath: "/run/netns/\(name)")
  }
}
