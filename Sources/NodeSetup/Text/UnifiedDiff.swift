/// A unified-style line diff (`---`/`+++` headers, `@@` hunks with three lines of context).
enum UnifiedDiff {
  /// The diff from `old` (nil: the file does not exist) to `new`, or "" when they are equal.
  static func make(path: String, old: String?, new: String) -> String {
    let before = lines(old ?? "")
    let after = lines(new)
    guard before != after else { return "" }
    var out = ["--- \(old == nil ? "/dev/null" : path)", "+++ \(path)"]
    let edits = script(before, after)
    for hunk in hunks(edits) {
      out.append(hunk)
    }
    return out.joined(separator: "\n") + "\n"
  }

  private enum Edit: Equatable {
    case same(String)
    case removed(String)
    case added(String)
  }

  private static func lines(_ text: String) -> [String] {
    var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if result.last == "" { result.removeLast() }
    return result
  }

  /// A shortest edit script by longest common subsequence (the files skep edits are small).
  private static func script(_ a: [String], _ b: [String]) -> [Edit] {
    let n = a.count
    let m = b.count
    var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    var edits: [Edit] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n, j < m, a[i] == b[j] {
        edits.append(.same(a[i]))
        i += 1
        j += 1
      } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
        edits.append(.removed(a[i]))
        i += 1
      } else {
        edits.append(.added(b[j]))
        j += 1
      }
    }
    return edits
  }

  private static func hunks(_ edits: [Edit], context: Int = 3) -> [String] {
    let changed = edits.indices.filter {
      if case .same = edits[$0] { return false }
      return true
    }
    guard let first = changed.first else { return [] }
    var ranges: [ClosedRange<Int>] = []
    var lower = max(0, first - context)
    var upper = min(edits.count - 1, first + context)
    for index in changed.dropFirst() {
      if index - context <= upper + 1 {
        upper = min(edits.count - 1, index + context)
      } else {
        ranges.append(lower...upper)
        lower = max(0, index - context)
        upper = min(edits.count - 1, index + context)
      }
    }
    ranges.append(lower...upper)
    return ranges.flatMap { hunk(edits, $0) }
  }

  private static func hunk(_ edits: [Edit], _ range: ClosedRange<Int>) -> [String] {
    var oldStart = 1
    var newStart = 1
    for edit in edits[..<range.lowerBound] {
      if case .added = edit {} else { oldStart += 1 }
      if case .removed = edit {} else { newStart += 1 }
    }
    var body: [String] = []
    var oldCount = 0
    var newCount = 0
    for edit in edits[range] {
      switch edit {
      case .same(let line):
        body.append(" " + line)
        oldCount += 1
        newCount += 1
      case .removed(let line):
        body.append("-" + line)
        oldCount += 1
      case .added(let line):
        body.append("+" + line)
        newCount += 1
      }
    }
    // An empty side starts at the line before, as diff -u writes it.
    let header =
      "@@ -\(oldCount == 0 ? oldStart - 1 : oldStart),\(oldCount) +\(newCount == 0 ? newStart - 1 : newStart),\(newCount) @@"
    return [header] + body
  }
}
