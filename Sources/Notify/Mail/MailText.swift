import Foundation

/// The text transformations mail needs: line splitting, dot-stuffing, quoted-printable, RFC 2047 encoded words.
enum MailText {
  /// Splits on CRLF, CR or LF; a trailing line break does not make an empty last line.
  static func lines(_ text: String) -> [String] {
    var normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    if normalized.hasSuffix("\n") { normalized.removeLast() }
    return normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// CRLF line endings, and a "." doubled at the start of every line that begins with one (RFC 5321 §4.5.2), so
  /// no line of the message can end DATA early. The result ends in CRLF.
  static func dotStuffed(_ text: String) -> String {
    lines(text).map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
  }

  /// A header value on one line: CR and LF (header injection) become spaces.
  static func headerValue(_ value: String) -> String {
    value.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\r", with: " ")
      .replacingOccurrences(of: "\n", with: " ")
  }

  /// ASCII text as it is (folded only by the caller's length); anything else as RFC 2047 `=?utf-8?B?…?=` words of
  /// at most 75 characters, folded onto continuation lines, never splitting a character.
  static func encodedWord(_ value: String) -> String {
    guard !value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) else { return value }
    // 75 - len("=?utf-8?B?") - len("?=") = 63 base64 characters = 45 bytes (a multiple of 3: no padding inside).
    var words: [String] = []
    var chunk = Data()
    for character in value {
      let bytes = Data(String(character).utf8)
      if chunk.count + bytes.count > 45 {
        words.append("=?utf-8?B?" + chunk.base64EncodedString() + "?=")
        chunk = Data()
      }
      chunk.append(bytes)
    }
    if !chunk.isEmpty { words.append("=?utf-8?B?" + chunk.base64EncodedString() + "?=") }
    return words.joined(separator: "\r\n ")
  }

  /// RFC 2045 §6.7 quoted-printable of UTF-8 text: printable ASCII stays, everything else is `=XX`, trailing
  /// white space is encoded, lines are soft-broken (`=`) to at most 76 characters. Returns the encoded lines.
  static func quotedPrintable(_ text: String) -> [String] {
    lines(text).flatMap { line -> [String] in
      let bytes = Array(line.utf8)
      var tokens: [String] = []
      for (index, byte) in bytes.enumerated() {
        let isLast = index == bytes.count - 1
        let printable = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast)
        tokens.append(printable ? String(UnicodeScalar(byte)) : hex(byte))
      }
      var output: [String] = []
      var current = ""
      for token in tokens {
        if current.count + token.count > 75 {
          output.append(current + "=")
          current = ""
        }
        current += token
      }
      output.append(current)
      return output
    }
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
  }
}
