import Foundation

/// Checks `backup.repository`: an absolute path, `sftp:` or `s3:`, the places every node can reach the same way.
enum BackupRepositoryRule {
  static let examples =
    "an absolute path mounted at the same place on every node (like /srv/nas/restic), sftp:user@host:/path"
    + " or s3:https://host/bucket/path"

  /// The kind of repository, or a message saying what is wrong with it.
  static func check(_ repository: String) -> Result<BackupRepositoryKind, Problem> {
    let text = repository.trimmingCharacters(in: .whitespaces)
    if text.isEmpty {
      return .failure(Problem("'repository' is empty; expected \(examples)"))
    }
    if text.hasPrefix("/") { return .success(.local) }
    if let scheme = scheme(of: text) {
      let rest = String(text.dropFirst(scheme.count + 1))
      switch scheme {
      case "sftp": return checkSFTP(rest, whole: text)
      case "s3": return checkS3(rest, whole: text)
      default:
        return .failure(
          Problem("unsupported repository scheme '\(scheme):' in '\(text)'; expected \(examples)"))
      }
    }
    var message = "'repository' must be an absolute path, found '\(text)'; a relative path would depend on where"
    message += " skep runs. Expected \(examples)"
    if text.hasPrefix("~") { message += " ('~' is not expanded on the nodes)" }
    return .failure(Problem(message))
  }

  /// `sftp:user@host:/path` or `sftp://user@host:port//path`.
  static func checkSFTP(_ rest: String, whole: String) -> Result<BackupRepositoryKind, Problem> {
    let form = "expected sftp:user@host:/path or sftp://user@host:port//path, found '\(whole)'"
    if rest.hasPrefix("//") {
      let afterSlashes = rest.dropFirst(2)
      guard let slash = afterSlashes.firstIndex(of: "/"), slash != afterSlashes.startIndex,
        afterSlashes.index(after: slash) != afterSlashes.endIndex
      else { return .failure(Problem("an sftp repository needs a host and a path; \(form)")) }
      return .success(.sftp)
    }
    guard let colon = rest.firstIndex(of: ":"), colon != rest.startIndex, rest.index(after: colon) != rest.endIndex
    else { return .failure(Problem("an sftp repository needs a host and a path; \(form)")) }
    return .success(.sftp)
  }

  /// `s3:https://host/bucket/path` or `s3:host/bucket`.
  static func checkS3(_ rest: String, whole: String) -> Result<BackupRepositoryKind, Problem> {
    var target = Substring(rest)
    for prefix in ["https://", "http://"] where target.hasPrefix(prefix) {
      target = target.dropFirst(prefix.count)
    }
    guard let slash = target.firstIndex(of: "/"), slash != target.startIndex,
      target.index(after: slash) != target.endIndex
    else {
      return .failure(
        Problem(
          "an s3 repository needs an endpoint and a bucket; expected s3:https://host/bucket/path, found '\(whole)'"))
    }
    return .success(.s3)
  }

  /// `sftp` for `sftp:…`: a leading run of letters and digits followed by ':' (not a Windows drive letter).
  static func scheme(of text: String) -> String? {
    guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return nil }
    let candidate = text[..<colon]
    guard candidate.count > 1, candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
    return candidate.lowercased()
  }

  struct Problem: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }
}
