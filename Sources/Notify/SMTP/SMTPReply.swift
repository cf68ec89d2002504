/// One complete SMTP reply: a three-digit code and its text lines (RFC 5321 §4.2), `250-…` lines joined to the final
/// `250 …` line.
struct SMTPReply: Sendable, Hashable {
  var code: Int
  /// The text of each line, without the code and separator.
  var lines: [String]

  /// 2xx.
  var isPositive: Bool { (200..<300).contains(code) }

  /// "550 5.1.1 no such user" (lines joined with " / ").
  var text: String { "\(code) " + lines.joined(separator: " / ") }

  /// The EHLO keywords, upper-cased, each with its parameters: `["AUTH": ["PLAIN", "LOGIN"], "8BITMIME": []]`.
  /// The first line is the server's greeting name, not a keyword.
  var capabilities: [String: [String]] {
    var result: [String: [String]] = [:]
    for line in lines.dropFirst() {
      let words = line.split(separator: " ").map { $0.uppercased() }
      guard let keyword = words.first else { continue }
      result[keyword] = Array(words.dropFirst())
    }
    return result
  }
}

/// Assembles replies from lines. Pure, so it is tested without a socket.
struct SMTPReplyParser: Sendable {
  private var code: Int?
  private var lines: [String] = []

  enum ParseError: Error, Equatable {
    /// The line does not start with three digits, or a continuation changed the code.
    case malformed(String)
  }

  /// Feeds one line (without its CRLF). Returns the reply when this line was its last.
  mutating func feed(_ line: String) throws(ParseError) -> SMTPReply? {
    let characters = Array(line.utf8)
    guard characters.count >= 3, characters[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let lineCode = Int(String(decoding: characters[0..<3], as: UTF8.self))
    else {
      throw .malformed(String(line.prefix(80)))
    }
    if let code, code != lineCode { throw .malformed(String(line.prefix(80))) }
    let separator = characters.count > 3 ? characters[3] : 0x20
    guard separator == 0x20 || separator == 0x2D else { throw .malformed(String(line.prefix(80))) }
    code = lineCode
    lines.append(characters.count > 4 ? String(decoding: characters[4...], as: UTF8.self) : "")
    guard separator == 0x20 else { return nil }
    let reply = SMTPReply(code: lineCode, lines: lines)
    code = nil
    lines = []
    return reply
  }
}
