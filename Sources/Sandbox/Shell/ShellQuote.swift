/// POSIX shell quoting for the scripts the sandbox hands to `sh -c`.
public enum ShellQuote {
  /// Returns `word` unchanged when it is made only of safe characters, else wrapped in single quotes.
  public static func quote(_ word: String) -> String {
    let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=@%+,".contains($0) }
    if safe, !word.isEmpty { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
