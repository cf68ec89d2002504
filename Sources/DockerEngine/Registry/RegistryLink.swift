import Foundation

/// Reads the `Link: <…>; rel="next"` header the registry sends when a catalog or tag list has more pages.
enum RegistryLink {
  /// The next page's path and decoded query, or nil when there is none. An absolute URL is reduced to its path (we
  /// keep talking to the same registry).
  static func next(_ values: [String]) -> (path: String, query: [(String, String)])? {
    for value in values {
      for part in value.split(separator: ",") {
        let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let target = pieces.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
        let isNext = pieces.dropFirst().contains { piece in
          let compact = piece.replacingOccurrences(of: " ", with: "").lowercased()
          return compact == "rel=\"next\"" || compact == "rel=next"
        }
        guard isNext else { continue }
        return split(String(target.dropFirst().dropLast()))
      }
    }
    return nil
  }

  private static func split(_ url: String) -> (path: String, query: [(String, String)]) {
    var rest = Substring(url)
    if let scheme = rest.range(of: "://") {
      rest = rest[scheme.upperBound...]
      rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
    }
    let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    let path = String(parts[0])
    guard parts.count > 1 else { return (path, []) }
    let query = parts[1].split(separator: "&").map { pair -> (String, String) in
      let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = String(kv[0]).removingPercentEncoding ?? String(kv[0])
      let value = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
      return (name, value)
    }
    return (path, query)
  }
}
