import Foundation

/// A `.dockerignore` file: which context paths are left out of the build context.
///
/// Semantics of Docker's pattern matcher (moby/patternmatcher): a line starting with `#` is a comment; lines are
/// trimmed; blank lines are skipped; `!` makes an exception (re-includes); each pattern is cleaned like a path
/// (`./a//b/` → `a/b`, `..` resolved) and a leading `/` is dropped. `*` matches within one path component, `?` one
/// character other than `/`, `[…]` a character class, `\` escapes, `**` any number of components (none included). A
/// path is excluded when a pattern matches it or one of its parent directories; the last pattern that matches wins.
public struct DockerIgnore: Sendable, Equatable {
  /// One pattern line.
  public struct Rule: Sendable, Equatable {
    /// The cleaned pattern.
    public var pattern: String
    /// `!pattern`: re-includes what earlier rules excluded.
    public var isException: Bool
    var matcher: IgnorePattern
  }

  /// The rules in file order.
  public var rules: [Rule]

  /// Reads the text of a `.dockerignore` file.
  public init(_ text: String) {
    var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
    if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
    self.init(patterns: lines.filter { !$0.hasPrefix("#") })
  }

  /// Rules from pattern lines (no comment handling).
  public init(patterns: [String]) {
    rules = patterns.compactMap { line in
      var pattern = line.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !pattern.isEmpty else { return nil }
      let isException = pattern.hasPrefix("!")
      if isException { pattern = String(pattern.dropFirst()).trimmingCharacters(in: .whitespaces) }
      if !pattern.isEmpty {
        pattern = Self.clean(pattern)
        if pattern.count > 1, pattern.hasPrefix("/") { pattern.removeFirst() }
      }
      return Rule(pattern: pattern, isException: isException, matcher: IgnorePattern(pattern))
    }
  }

  /// Whether `path` (relative to the context, `/`-separated) is left out.
  public func excludes(_ path: String) -> Bool {
    let components = path.split(separator: "/").map(String.init)
    let parents = (1..<max(components.count, 1)).map { components[0..<$0].joined(separator: "/") }
    var excluded = false
    for rule in rules where rule.isException == excluded {
      if rule.matcher.matches(path) || parents.contains(where: rule.matcher.matches) { excluded = !rule.isException }
    }
    return excluded
  }

  /// Go's `filepath.Clean` for `/`-separated paths.
  static func clean(_ path: String) -> String {
    let rooted = path.hasPrefix("/")
    var stack: [Substring] = []
    for component in path.split(separator: "/") where component != "." {
      if component == ".." {
        if let last = stack.last, last != ".." {
          stack.removeLast()
        } else if !rooted {
          stack.append(component)
        }
      } else {
        stack.append(component)
      }
    }
    let joined = stack.joined(separator: "/")
    if rooted { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }
}
