import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Reads /proc to find, signal and wait for processes by pid. Never matches processes by name.
public enum ProcessTable {
  /// Parent pid of every live process.
  public static func parents() -> [Int32: Int32] {
    var result: [Int32: Int32] = [:]
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return result }
    for entry in entries {
      guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let parent = parentPid(fromStat: stat)
      else { continue }
      result[pid] = parent
    }
    return result
  }

  /// The PPID field of a /proc/PID/stat line (the comm field may contain spaces and parentheses).
  public static func parentPid(fromStat stat: String) -> Int32? {
    guard let close = stat.lastIndex(of: ")") else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count >= 2 else { return nil }
    return Int32(fields[1])
  }

  /// `roots` plus every descendant of them.
  public static func withDescendants(_ roots: Set<Int32>, parents: [Int32: Int32]) -> Set<Int32> {
    var children: [Int32: [Int32]] = [:]
    for (pid, parent) in parents { children[parent, default: []].append(pid) }
    var result = Set<Int32>()
    var queue = Array(roots)
    while let pid = queue.popLast() {
      guard pid > 1, result.insert(pid).inserted else { continue }
      queue += children[pid] ?? []
    }
    return result
  }

  public static func isAlive(_ pid: Int32) -> Bool {
    guard pid > 1 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
    // A zombie has exited; it only waits for its parent.
    guard let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(after: close)...].split(separator: " ").first
    return state != "Z"
  }

  public static func signal(_ pids: Set<Int32>, _ signalNumber: Int32) {
    for pid in pids where pid > 1 { kill(pid, signalNumber) }
  }

  /// Waits until none of `pids` is alive or `seconds` pass; returns those still alive.
  public static func waitForExit(_ pids: Set<Int32>, seconds: Double) async -> Set<Int32> {
    let deadline = Date().addingTimeInterval(seconds)
    var alive = pids.filter(isAlive)
    while !alive.isEmpty, Date() < deadline {
      try? await Task.sleep(nanoseconds: 200_000_000)
      alive = alive.filter(isAlive)
    }
    return alive
  }

  /// Reads a pidfile; nil when missing or garbage.
  public static func readPidFile(_ path: String) -> Int32? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }
}
