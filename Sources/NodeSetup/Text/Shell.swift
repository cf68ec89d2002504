/// POSIX sh quoting.
enum Shell {
  /// `value` as one single-quoted word (`'` becomes `'\''`).
  static func quote(_ value: String) -> String {
    "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
  }
}
