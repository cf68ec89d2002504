extension SetupParser {
  /// A host name (dot-separated labels of letters, digits and '-', not starting or ending with '-', at most 253
  /// characters) or an IPv4 address. Digits and dots alone must make an IPv4 address: `300.1.1.1` is neither.
  static func isHost(_ text: String) -> Bool {
    guard !text.isEmpty, text.count <= 253 else { return false }
    if text.allSatisfy({ $0 == "." || isDigit($0) }) { return isIPv4(text) }
    return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
      (1...63).contains(label.count) && label.first != "-" && label.last != "-"
        && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
  }

  /// Four decimal numbers 0–255 without leading zeros.
  static func isIPv4(_ text: some StringProtocol) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4
      && parts.allSatisfy { part in
        (1...3).contains(part.count) && part.allSatisfy(isDigit) && (part == "0" || part.first != "0")
          && (Int(part) ?? 256) <= 255
      }
  }

  /// An IPv6 address without brackets: eight groups of 1–4 hex digits, or fewer around one `::`; the last two
  /// groups may be written as an IPv4 address.
  static func isIPv6(_ text: String) -> Bool {
    guard text.contains(":") else { return false }
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return false }
    var groups = 0
    for (index, half) in halves.enumerated() where !half.isEmpty {
      let parts = half.split(separator: ":", omittingEmptySubsequences: false)
      for (position, part) in parts.enumerated() {
        let isLast = index == halves.count - 1 && position == parts.count - 1
        if isLast, part.contains("."), isIPv4(part) {
          groups += 2
        } else if (1...4).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isHexDigit }) {
          groups += 1
        } else {
          return false
        }
      }
    }
    return halves.count == 2 ? groups <= 7 : groups == 8
  }

  /// A port number 1–65535 in plain digits.
  static func isPort(_ text: some StringProtocol) -> Bool {
    (1...5).contains(text.count) && text.allSatisfy(isDigit) && (1...65_535).contains(Int(text) ?? 0)
  }

  /// `host:port` with a host name or IPv4 address, split as the top-level `registry` is.
  static func isHostPort(_ text: String) -> Bool {
    guard !text.hasPrefix("[") else { return false }
    let (host, port) = DockerEndpointRule.splitHostPort(Substring(text))
    guard let port else { return false }
    return isPort(port) && isHost(host)
  }

  /// What dockerd's `registry-mirrors` accepts: `http` or `https`, a host (an IPv6 one in brackets), an optional port
  /// and path, no user, query or fragment (`registry.ValidateMirror`).
  static func isMirrorURL(_ text: String) -> Bool {
    guard let scheme = ["http://", "https://"].first(where: { text.hasPrefix($0) }) else { return false }
    guard !text.contains(where: { $0.isWhitespace || "?#@".contains($0) }) else { return false }
    let rest = text.dropFirst(scheme.count)
    let authority = rest.prefix { $0 != "/" }
    let (host, port) = DockerEndpointRule.splitHostPort(authority)
    if let port, !isPort(port) { return false }
    guard authority.hasPrefix("[") else { return isHost(host) }
    return (port != nil || authority.hasSuffix("]")) && isIPv6(host)
  }

  static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }
}
