/// The grammar of `ImageReference.parse`, after Docker's reference grammar (distribution/reference).
enum ImageReferenceParser {
  static func parse(_ text: String) throws(ImageReferenceError) -> ImageReference {
    func fail(_ reason: String) -> ImageReferenceError { ImageReferenceError(reference: text, reason: reason) }
    guard !text.isEmpty else { throw fail("it is empty") }
    guard !text.contains(where: \.isWhitespace) else { throw fail("it contains white space") }
    var rest = Substring(text)
    var digest: String?
    if let at = rest.firstIndex(of: "@") {
      let value = String(rest[rest.index(after: at)...])
      guard isDigest(value) else { throw fail("'\(value)' is not a digest (expected sha256: and 64 hex digits)") }
      digest = value
      rest = rest[..<at]
    }
    var tag: String?
    if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
      let value = String(rest[rest.index(after: colon)...])
      guard isTag(value) else { throw fail("'\(value)' is not a valid tag") }
      tag = value
      rest = rest[..<colon]
    }
    var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    var domain = ImageReference.dockerHub
    var explicit = false
    if components.count > 1, let first = components.first, isDomainLike(first) {
      guard isDomain(first) else { throw fail("'\(first)' is not a registry host[:port]") }
      domain = first.lowercased()
      if domain == "index.docker.io" { domain = ImageReference.dockerHub }
      explicit = true
      components.removeFirst()
    }
    guard !components.isEmpty else { throw fail("it names no repository") }
    for component in components where !isPathComponent(component) {
      if component.isEmpty { throw fail("it has an empty path component") }
      throw fail("'\(component)' is not a valid repository name component (lower-case letters, digits, '.', '_', '-')")
    }
    let written = components.joined(separator: "/")
    let path = domain == ImageReference.dockerHub && components.count == 1 ? "library/\(written)" : written
    return ImageReference(
      domain: domain, path: path, tag: tag, digest: digest, hasExplicitDomain: explicit, writtenPath: written)
  }

  static func isDomainLike(_ component: String) -> Bool {
    component.contains(".") || component.contains(":") || component == "localhost"
      || component.contains(where: \.isUppercase)
  }

  static func isDomain(_ text: String) -> Bool {
    var host = Substring(text)
    if let colon = text.lastIndex(of: ":"), !text.hasSuffix("]") {
      let port = text[text.index(after: colon)...]
      guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
      host = text[..<colon]
    }
    if host.hasPrefix("["), host.hasSuffix("]") { return host.count > 2 }
    return !host.isEmpty && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
  }

  /// `[a-z0-9]+` joined by `.`, `_`, `__` or runs of `-`.
  static func isPathComponent(_ text: String) -> Bool {
    let characters = Array(text)
    guard let first = characters.first, let last = characters.last, isLowerAlnum(first), isLowerAlnum(last) else {
      return false
    }
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if isLowerAlnum(character) {
        index += 1
        continue
      }
      var end = index
      while end < characters.count, !isLowerAlnum(characters[end]) { end += 1 }
      let separator = String(characters[index..<end])
      guard separator == "." || separator == "_" || separator == "__" || separator.allSatisfy({ $0 == "-" }) else {
        return false
      }
      index = end
    }
    return true
  }

  static func isTag(_ text: String) -> Bool {
    guard let first = text.first, text.count <= 128, isWord(first) else { return false }
    return text.allSatisfy { isWord($0) || $0 == "." || $0 == "-" }
  }

  static func isDigest(_ text: String) -> Bool {
    let parts = text.split(separator: ":", maxSplits: 1)
    guard parts.count == 2, !parts[0].isEmpty, parts[1].count >= 32 else { return false }
    guard parts[0].allSatisfy({ isLowerAlnum($0) || "+.-_".contains($0) }) else { return false }
    let hex = parts[1].allSatisfy { $0.isHexDigit && !$0.isUppercase }
    return hex && (parts[0] != "sha256" || parts[1].count == 64)
  }

  private static func isLowerAlnum(_ character: Character) -> Bool {
    character.isASCII && (character.isNumber || (character.isLetter && character.isLowercase))
  }

  private static func isWord(_ character: Character) -> Bool {
    character.isASCII && (character.isLetter || character.isNumber || character == "_")
  }
}
