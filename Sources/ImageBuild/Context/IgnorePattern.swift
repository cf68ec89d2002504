/// One cleaned `.dockerignore` pattern, compiled to tokens and matched against a whole path.
struct IgnorePattern: Sendable, Equatable {
  enum Token: Sendable, Equatable {
    case literal(Character)
    /// `?`: one character other than `/`.
    case one
    /// `*`: any run of characters other than `/`.
    case star
    /// `**` followed by more pattern: nothing, or anything ending with `/`.
    case anyDirectories
    /// `**` at the end: anything.
    case anything
    /// `[…]`: ranges, negated with a leading `^`.
    case set(ranges: [ClosedRange<Character>], negated: Bool)
  }

  var tokens: [Token] = []
  /// Docker's shortcut for a pattern that starts with `**` and has no other wildcard: "ends with the rest".
  var suffix: String?

  init(_ pattern: String) {
    let characters = Array(pattern)
    var index = 0
    var hasWildcardAfterStart = false
    while index < characters.count {
      let character = characters[index]
      let start = index
      index += 1
      switch character {
      case "*":
        if index < characters.count, characters[index] == "*" {
          index += 1
          if index < characters.count, characters[index] == "/" { index += 1 }
          tokens.append(index == characters.count ? .anything : .anyDirectories)
          if start > 0 { hasWildcardAfterStart = true }
        } else {
          tokens.append(.star)
          hasWildcardAfterStart = true
        }
      case "?":
        tokens.append(.one)
        hasWildcardAfterStart = true
      case "\\":
        tokens.append(.literal(index < characters.count ? characters[index] : "\\"))
        index += 1
      case "[":
        if let (token, end) = Self.set(characters, from: index) {
          tokens.append(token)
          index = end
          hasWildcardAfterStart = true
        } else {
          tokens.append(.literal("["))
        }
      default:
        tokens.append(.literal(character))
      }
    }
    if pattern.hasPrefix("**"), !hasWildcardAfterStart { suffix = String(pattern.dropFirst(2)) }
  }

  /// A character class starting after `[`; nil when it is not closed.
  private static func set(_ characters: [Character], from start: Int) -> (Token, Int)? {
    var index = start
    var negated = false
    if index < characters.count, characters[index] == "^" {
      negated = true
      index += 1
    }
    var ranges: [ClosedRange<Character>] = []
    while index < characters.count, characters[index] != "]" {
      var low = characters[index]
      if low == "\\", index + 1 < characters.count {
        index += 1
        low = characters[index]
      }
      index += 1
      if index + 1 < characters.count, characters[index] == "-", characters[index + 1] != "]" {
        let high = characters[index + 1]
        ranges.append(low...max(low, high))
        index += 2
      } else {
        ranges.append(low...low)
      }
    }
    guard index < characters.count else { return nil }
    return (.set(ranges: ranges, negated: negated), index + 1)
  }

  /// Whether the whole `path` matches.
  func matches(_ path: String) -> Bool {
    if let suffix {
      if path.hasSuffix(suffix) { return true }
      return suffix.hasPrefix("/") && path == String(suffix.dropFirst())
    }
    var memo: [Int: Bool] = [:]
    return match(Array(path), 0, 0, &memo)
  }

  private func match(_ path: [Character], _ token: Int, _ position: Int, _ memo: inout [Int: Bool]) -> Bool {
    let key = token * (path.count + 1) + position
    if let known = memo[key] { return known }
    let result: Bool
    if token == tokens.count {
      result = position == path.count
    } else {
      switch tokens[token] {
      case .literal(let character):
        result = position < path.count && path[position] == character && match(path, token + 1, position + 1, &memo)
      case .one:
        result = position < path.count && path[position] != "/" && match(path, token + 1, position + 1, &memo)
      case .set(let ranges, let negated):
        result =
          position < path.count && path[position] != "/"
          && ranges.contains { $0.contains(path[position]) } != negated && match(path, token + 1, position + 1, &memo)
      case .star:
        var end = position
        var found = match(path, token + 1, end, &memo)
        while !found, end < path.count, path[end] != "/" {
          end += 1
          found = match(path, token + 1, end, &memo)
        }
        result = found
      case .anything:
        result = true
      case .anyDirectories:
        // Nothing, or any prefix that ends right after a "/".
        var found = match(path, token + 1, position, &memo)
        var end = position
        while !found, end < path.count {
          if path[end] == "/" { found = match(path, token + 1, end + 1, &memo) }
          end += 1
        }
        result = found
      }
    }
    memo[key] = result
    return result
  }
}
