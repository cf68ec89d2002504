import Foundation

/// The probe's output could not be read: the probe did not run to its end, or something else wrote to its output.
public struct NodeFactsError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The 1-based line of the output, nil when the problem is the output as a whole.
  public var line: Int?
  /// What is wrong.
  public var message: String

  /// Creates an error.
  public init(line: Int?, message: String) {
    self.line = line
    self.message = message
  }

  /// `probe output line 4: …`.
  public var description: String {
    if let line { return "probe output line \(line): \(message)" }
    return "probe output: \(message)"
  }
}

extension NodeFacts {
  /// Reads the output of `NodeProbe.script(profile:root:)`. Lines before the `skep-probe 1` header (a login
  /// banner) are ignored; after it every non-empty line must be a known fact, up to the `end` line.
  public static func parse(_ output: String) throws(NodeFactsError) -> NodeFacts {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    guard let start = lines.firstIndex(of: "skep-probe 1") else {
      throw NodeFactsError(line: nil, message: "no 'skep-probe 1' header: the probe did not run")
    }
    var facts = NodeFacts()
    let reader = FactReader()
    for index in (start + 1)..<lines.count {
      let line = lines[index]
      if line == "end" { return facts }
      if line.isEmpty { continue }
      do {
        try reader.read(line, into: &facts)
      } catch {
        throw NodeFactsError(line: index + 1, message: error.message)
      }
    }
    throw NodeFactsError(line: nil, message: "the output stops before its 'end' line: the probe was cut short")
  }
}

private struct FactReader {
  struct Failure: Error { var message: String }

  func read(_ line: String, into facts: inout NodeFacts) throws(Failure) {
    let fields = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
    let rest = fields.count > 1 ? String(fields[1]) : ""
    switch fields[0] {
    case "sandbox":
      guard rest == "yes" || rest == "no" else { throw Failure(message: "'sandbox' must be yes or no: '\(line)'") }
      facts.isSandboxNode = rest == "yes"
    case "manager":
      if rest == "none" { facts.packageManager = nil; return }
      guard let manager = PackageManager(rawValue: rest) else {
        throw Failure(message: "unknown package manager '\(rest)'")
      }
      facts.packageManager = manager
    case "tool":
      guard !rest.isEmpty else { throw Failure(message: "'tool' without a name") }
      facts.tools.insert(rest)
    case "package": try readPackage(rest, into: &facts)
    case "user": try readUser(rest, into: &facts)
    case "groups":
      let parts = rest.split(separator: " ").map(String.init)
      guard let name = parts.first, case .some(.some(var user)) = facts.users[name] else {
        throw Failure(message: "'groups' before its 'user' line: '\(line)'")
      }
      user.groups = Array(parts.dropFirst())
      facts.users[name] = user
    case "file": try readFile(rest, into: &facts)
    default: throw Failure(message: "unknown fact '\(fields[0])'")
    }
  }

  private func readPackage(_ rest: String, into facts: inout NodeFacts) throws(Failure) {
    let parts = rest.split(separator: " ", maxSplits: 1).map(String.init)
    guard parts.count == 2, parts[0] == "installed" || parts[0] == "missing" else {
      throw Failure(message: "'package' must be 'package installed|missing NAME': 'package \(rest)'")
    }
    facts.packages[parts[1]] = parts[0] == "installed"
  }

  private func readUser(_ rest: String, into facts: inout NodeFacts) throws(Failure) {
    let parts = rest.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    if parts.count == 2, parts[1] == "absent" {
      facts.users[parts[0]] = .some(nil)
    } else if parts.count == 3, parts[1] == "home", parts[2].hasPrefix("/") {
      facts.users[parts[0]] = UserFacts(home: parts[2], groups: [])
    } else {
      throw Failure(message: "'user' must be 'user NAME absent' or 'user NAME home /PATH': 'user \(rest)'")
    }
  }

  private func readFile(_ rest: String, into facts: inout NodeFacts) throws(Failure) {
    let parts = rest.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 3, parts[2].hasPrefix("/") else {
      throw Failure(message: "'file' must be 'file STATE DATA /PATH': 'file \(rest)'")
    }
    switch parts[0] {
    case "absent": facts.files[parts[2]] = .absent
    case "other": facts.files[parts[2]] = .notRegular
    case "present":
      if parts[1] == "-" {
        facts.files[parts[2]] = .regular(Data())
      } else if let data = Data(base64Encoded: parts[1]) {
        facts.files[parts[2]] = .regular(data)
      } else {
        throw Failure(message: "the content of \(parts[2]) is not valid base64")
      }
    default: throw Failure(message: "unknown file state '\(parts[0])' for \(parts[2])")
    }
  }
}
