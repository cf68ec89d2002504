import Foundation
import SkepConfig

/// The packages and admin steps: work on the live system (package manager, `useradd`, `usermod`) and the
/// admin's `authorized_keys`.
enum AccountSteps {
  /// Installs the packages not installed yet. Names the probe did not query (msmtp's) count as missing: every
  /// manager's install is idempotent.
  static func packages(_ names: [String], at location: SourceLocation?, into builder: inout PlanBuilder) {
    var wanted: [String] = []
    for name in names where !wanted.contains(name) && builder.facts.packages[name] != true {
      wanted.append(name)
    }
    guard !wanted.isEmpty else { return }
    let list = wanted.joined(separator: " ")
    guard let manager = builder.facts.packageManager else {
      builder.problem(.packages, "no known package manager (apt-get, pacman, dnf) to install \(list)", at: location)
      return
    }
    let summary = "install \(list) (\(manager.rawValue))"
    if builder.facts.isSandboxNode {
      builder.plan.leftAlone.append(LeftAlone(step: .packages, summary: summary))
      return
    }
    builder.plan.changes.append(
      NodeChange(
        step: .packages, summary: summary, diff: "",
        actions: [.liveCommand(manager.installCommand(wanted), tool: nil)]))
  }

  /// Creates the account, adds it to the sudo group, and appends the missing keys to its `authorized_keys`.
  static func admin(_ admin: SetupSection.Admin, into builder: inout PlanBuilder) {
    let name = admin.user
    guard let entry = builder.facts.users[name] else {
      builder.problem(.admin, "the probe did not look up the user \(name)", at: admin.location)
      return
    }
    let sandbox = builder.facts.isSandboxNode
    var actions: [SetupAction] = []
    var summaries: [String] = []
    if entry == nil {
      guard !sandbox else {
        builder.plan.leftAlone.append(LeftAlone(step: .admin, summary: "create the user \(name) and add its keys"))
        return
      }
      actions.append(.liveCommand("useradd --create-home --shell /bin/bash \(Shell.quote(name))", tool: nil))
      summaries.append("create the user \(name)")
    }
    let group = builder.facts.packageManager?.sudoGroup ?? "sudo"
    if admin.sudo, !(entry?.groups.contains(group) ?? false) {
      let summary = "add \(name) to the group \(group)"
      if sandbox {
        builder.plan.leftAlone.append(LeftAlone(step: .admin, summary: summary))
      } else {
        actions.append(.liveCommand("usermod -aG \(Shell.quote(group)) \(Shell.quote(name))", tool: nil))
        summaries.append(summary)
      }
    }
    let home = entry?.home ?? "/home/\(name)"
    let path = (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.ssh/authorized_keys"
    var diff = ""
    var existing = ""
    if entry != nil {
      guard let text = builder.editableText(of: path, for: .admin) else { return }
      existing = text
    }
    let missing = admin.sshKeys.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !contains(existing, key: $0) }
    if !missing.isEmpty {
      var content = existing.isEmpty || existing.hasSuffix("\n") ? existing : existing + "\n"
      content += missing.map { $0 + "\n" }.joined()
      let folder = String(path.dropLast("/authorized_keys".count))
      actions += [
        .makeFolder(path: folder, mode: "0700", owner: name),
        .writeFile(path: path, content: content, mode: "0600", owner: name),
      ]
      let absent = entry == nil || builder.facts.files[path] == .absent
      diff = UnifiedDiff.make(path: path, old: absent ? nil : existing, new: content)
      summaries.append("add \(missing.count) key\(missing.count == 1 ? "" : "s") to \(path)")
    }
    guard !actions.isEmpty else { return }
    builder.plan.changes.append(
      NodeChange(step: .admin, summary: summaries.joined(separator: ", "), diff: diff, actions: actions))
  }

  /// Whether some line of `authorized_keys` holds this key (its type and base64 blob, whatever the options and
  /// comment around them).
  static func contains(_ authorizedKeys: String, key: String) -> Bool {
    let wanted = key.split(whereSeparator: \.isWhitespace).prefix(2).map(String.init)
    guard wanted.count == 2 else { return authorizedKeys.split(separator: "\n").contains { $0 == key } }
    return authorizedKeys.split(separator: "\n").contains { line in
      let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
      return words.indices.dropLast().contains { words[$0] == wanted[0] && words[$0 + 1] == wanted[1] }
    }
  }
}
