import Foundation

/// One `deb` source from the machine's apt configuration.
public struct AptSource: Sendable, Equatable {
  public var uri: String
  public var suites: [String]
  public var components: [String]

  public init(uri: String, suites: [String], components: [String]) {
    self.uri = uri
    self.suites = suites
    self.components = components
  }
}

/// Reads apt sources in both formats, to find the Debian mirror this machine is allowed to use.
public enum AptSources {
  /// Parses one-line `sources.list` text: `deb [opts] URI suite component…`. Skips `deb-src` and comments.
  public static func parseOneLine(_ text: String) -> [AptSource] {
    var sources: [AptSource] = []
    for rawLine in text.split(whereSeparator: \.isNewline) {
      let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      var words = line.split(whereSeparator: \.isWhitespace).map(String.init)
      guard words.first == "deb" else { continue }
      words.removeFirst()
      if let first = words.first, first.hasPrefix("[") {
        while let word = words.first {
          words.removeFirst()
          if word.hasSuffix("]") { break }
        }
      }
      guard words.count >= 2 else { continue }
      sources.append(AptSource(uri: words[0], suites: [words[1]], components: Array(words.dropFirst(2))))
    }
    return sources
  }

  /// Parses deb822 `.sources` text: paragraphs of `Field: value`, continuation lines start with a space.
  public static func parseDeb822(_ text: String) -> [AptSource] {
    var sources: [AptSource] = []
    for paragraph in paragraphs(text) {
      let types = words(paragraph["types"])
      let enabled = paragraph["enabled"]?.lowercased() ?? "yes"
      guard types.contains("deb"), enabled != "no" else { continue }
      let suites = words(paragraph["suites"])
      for uri in words(paragraph["uris"]) where !suites.isEmpty {
        sources.append(AptSource(uri: uri, suites: suites, components: words(paragraph["components"])))
      }
    }
    return sources
  }

  /// The mirror to debootstrap `codename` from: a source that lists `codename` itself, else any source whose suites
  /// are not security or updates suites. Returns the URI.
  public static func mirror(for codename: String, in sources: [AptSource]) -> String? {
    if let exact = sources.first(where: { $0.suites.contains(codename) }) { return exact.uri }
    let plain = sources.first { source in
      source.suites.contains { !$0.contains("-security") && !$0.contains("-updates") && !$0.contains("/updates") }
    }
    return plain?.uri
  }

  private static func words(_ value: String?) -> [String] {
    (value ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
  }

  private static func paragraphs(_ text: String) -> [[String: String]] {
    var result: [[String: String]] = []
    var current: [String: String] = [:]
    var lastKey: String?
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(rawLine)
      if line.trimmingCharacters(in: .whitespaces).isEmpty {
        if !current.isEmpty { result.append(current) }
        current = [:]
        lastKey = nil
        continue
      }
      if line.hasPrefix("#") { continue }
      if let first = line.first, first == " " || first == "\t" {
        if let lastKey { current[lastKey, default: ""] += " " + line.trimmingCharacters(in: .whitespaces) }
        continue
      }
      guard let colon = line.firstIndex(of: ":") else { continue }
      let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
      current[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      lastKey = key
    }
    if !current.isEmpty { result.append(current) }
    return result
  }
}
