import Foundation

extension SetupParser {
  /// What one text value of `setup:` must be: the words after "must be", and the test.
  struct TextRule: Sendable {
    /// What a valid value is, for "must be …".
    var expected: String
    var accepts: @Sendable (String) -> Bool
    /// More words for a refused text, after "found '…'; ".
    var hint: @Sendable (String) -> String? = { _ in nil }
  }
}

extension SetupParser.TextRule {
  static let userName =
    "lowercase letters, digits, '_' or '-', starting with a letter or '_', at most 32 characters"
  static let unixUser = Self(
    expected: "a Unix user name (\(userName))", accepts: SetupParser.isUnixUser)
  static let adminUser = Self(
    expected: "a Unix user name other than root (\(userName))",
    accepts: { SetupParser.isUnixUser($0) && $0 != "root" })
  static let absolutePath = Self(
    expected: "an absolute path", accepts: { $0.hasPrefix("/") },
    hint: { $0.hasPrefix("~") ? "'~' is not expanded, write the full path" : nil })
  static func command(like example: String) -> Self {
    Self(expected: "a non-empty command (like '\(example)')", accepts: { !$0.allSatisfy(\.isWhitespace) })
  }
  static let login = Self(
    expected: "a non-empty single-line login", accepts: { !$0.isEmpty && !$0.contains(where: \.isNewline) })
  static let ntfyTopic = Self(
    expected: "an ntfy topic: 1 to 64 letters, digits, '_' or '-'",
    accepts: { $0.wholeMatch(of: /[A-Za-z0-9_-]{1,64}/) != nil })
  static let registry = Self(
    expected: "host:port, a host name or IPv4 address and a port from 1 to 65535 (like 192.168.1.2:5000)",
    accepts: SetupParser.isHostPort)
  static let mirror = Self(
    expected: "an http:// or https:// URL without user, query or fragment (like https://mirror.gcr.io)",
    accepts: SetupParser.isMirrorURL)
  static let journaldSize = Self(
    expected: "a journald size: digits then optionally K, M, G or T (like 50M or 1G)",
    accepts: { $0.wholeMatch(of: /[0-9]+[KMGT]?/) != nil })
  static let devicePattern = Self(
    expected: "a kernel device name pattern of letters, digits, '*', '?', '[', ']' and '-' (like sd[a-z])",
    accepts: { $0.wholeMatch(of: /[A-Za-z0-9*?\[\]-]+/) != nil },
    hint: { $0.contains("/") ? "write the kernel name without /dev/ (sda, not /dev/sda)" : nil })
  static let logPath = Self(
    expected: "an absolute path or glob without spaces, quotes, '{' or '}' (like /var/log/app/*.log)",
    accepts: { $0.hasPrefix("/") && !$0.contains { $0.isWhitespace || "{}\"'".contains($0) } })
  static let logrotateSize = Self(
    expected: "a logrotate size: digits then optionally k, M or G (like 100k or 50M)",
    accepts: { $0.wholeMatch(of: /[0-9]+[kMG]?/) != nil })
  static let packageName = Self(
    expected: "a package name (lowercase letters, digits, '+', '.', '_' or '-', starting with a letter or digit)",
    accepts: { $0.wholeMatch(of: /[a-z0-9][a-z0-9+._-]*/) != nil })
  static let sshKey = Self(
    expected: "one public key line: a key type, the key in base64 and an optional comment"
      + " (like 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… me@laptop')",
    accepts: { SetupParser.sshKeyProblem($0) == nil }, hint: SetupParser.sshKeyProblem)
  static let host = Self(
    expected: "a host name or IP address (like smtp.example.org)",
    accepts: { SetupParser.isHost($0) || SetupParser.isIPv6($0) })
  static let mailAddress = Self(
    expected: "an email address (like pi@example.org)",
    accepts: { text in
      let parts = text.split(separator: "@", omittingEmptySubsequences: false)
      return parts.count == 2 && parts.allSatisfy { !$0.isEmpty }
        && !text.contains { $0.isWhitespace || $0.isNewline || "<>".contains($0) }
    })
}

extension SetupParser {
  /// `^[a-z_][a-z0-9_-]{0,31}$`, the name `useradd` accepts without `--badname`.
  static func isUnixUser(_ text: String) -> Bool { text.wholeMatch(of: /[a-z_][a-z0-9_-]{0,31}/) != nil }

  /// The key types OpenSSH's `authorized_keys` takes that skep accepts.
  static let sshKeyTypes = [
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
  ]

  /// Why `line` is not a public key line `sshd` would take, or nil. The base64 data starts with the key type again;
  /// a line whose data is another type (a paste that mixed two keys) is refused, as sshd would silently ignore it.
  static func sshKeyProblem(_ line: String) -> String? {
    if line.contains(where: \.isNewline) { return "write one key per entry, on one line" }
    let fields = line.split(separator: " ", maxSplits: 2)
    guard let type = fields.first.map(String.init), sshKeyTypes.contains(type) else {
      return "the type must be one of \(sshKeyTypes.joined(separator: ", "))"
    }
    guard fields.count >= 2, let data = Data(base64Encoded: String(fields[1])) else {
      return "the key after '\(type)' is not base64"
    }
    let bytes = [UInt8](data)
    let length = bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
    guard bytes.count >= 4 + length, length > 0 else { return "the key after '\(type)' is cut short" }
    let inner = String(decoding: bytes[4..<4 + length], as: UTF8.self)
    return inner == type ? nil : "its base64 data is a '\(inner)' key, not '\(type)'"
  }
}
