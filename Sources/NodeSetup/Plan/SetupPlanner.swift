import Foundation
import SkepConfig

/// Turns a profile and a node's facts into that node's `NodePlan`. Pure: the caller probes, reads the password
/// files and runs the script.
public enum SetupPlanner {
  /// The plan for one node. `secrets` maps each `password_file` path of the profile to its content (a trailing
  /// newline is ignored); every secret is replaced by `********` in the plan's summaries, diffs and messages.
  public static func plan(profile: SetupSection, facts: NodeFacts, secrets: [String: String]) -> NodePlan {
    var builder = PlanBuilder(facts: facts)
    if let docker = profile.docker { DockerStep.plan(docker, into: &builder) }
    if let journald = profile.journald {
      builder.write(
        .journald, path: ManagedPath.journald, content: ManagedFiles.journald(journald),
        hook: Hook(command: "systemctl restart systemd-journald", tool: "systemctl"))
    }
    if let scheduler = profile.ioScheduler {
      builder.write(
        .ioScheduler, path: ManagedPath.udevRule, content: ManagedFiles.udevRule(scheduler),
        hook: Hook(
          command: "udevadm control --reload && udevadm trigger --subsystem-match=block --action=change",
          tool: "udevadm"))
    }
    if let kernel = profile.kernel { KernelStep.plan(kernel, into: &builder) }
    var packages = (profile.packages ?? []).map(\.value)
    if let rules = profile.logrotate {
      builder.write(.logrotate, path: ManagedPath.logrotate, content: ManagedFiles.logrotate(rules))
      if !facts.tools.contains("logrotate") && !packages.contains("logrotate") {
        builder.problem(
          .logrotate, "logrotate is not installed: add it to setup.packages", at: rules.first?.location)
      }
    }
    if profile.mailRelay != nil, !facts.tools.contains("msmtp"), let manager = facts.packageManager,
      !packages.contains(manager.msmtpPackage)
    {
      packages.append(manager.msmtpPackage)
    }
    if profile.packages != nil || packages.count > 0 {
      AccountSteps.packages(packages, at: profile.packages?.first?.location, into: &builder)
    }
    if let admin = profile.admin { AccountSteps.admin(admin, into: &builder) }
    if let relay = profile.mailRelay { MailRelayStep.plan(relay, secrets: secrets, into: &builder) }
    return builder.finish(secrets: Array(secrets.values))
  }
}

/// A command run after a change, on the live system only.
struct Hook {
  var command: String
  var tool: String?
}

/// The plan under construction, with the facts it is made from.
struct PlanBuilder {
  let facts: NodeFacts
  var plan = NodePlan()

  mutating func problem(_ step: SetupStep, _ message: String, at location: SourceLocation? = nil) {
    plan.problems.append(SetupProblem(step: step, message: message, location: location))
  }

  /// The probed state of `path`, or nil after recording a problem when the probe did not report it.
  mutating func state(of path: String, for step: SetupStep) -> FileState? {
    guard let state = facts.files[path] else {
      problem(step, "the probe did not report \(path)")
      return nil
    }
    return state
  }

  /// The text of a file skep edits in place: "" when absent, nil after recording a problem when it cannot be
  /// edited (not a regular file, not UTF-8, not probed).
  mutating func editableText(of path: String, for step: SetupStep) -> String? {
    switch state(of: path, for: step) {
    case .none: return nil
    case .absent: return ""
    case .notRegular:
      problem(step, "\(path) is not a regular file (or cannot be read): skep leaves it alone")
      return nil
    case .regular(let data):
      guard let text = String(data: data, encoding: .utf8) else {
        problem(step, "\(path) is not UTF-8 text: skep leaves it alone")
        return nil
      }
      return text
    }
  }

  /// Plans writing `content` to `path` unless the node already has exactly that; `hook` then runs on the live
  /// system. A nil `mode` keeps the file's own. `redact` hides secret lines in the diff.
  mutating func write(
    _ step: SetupStep, path: String, content: String, mode: String? = "0644", owner: String? = nil,
    summary: String? = nil, hook: Hook? = nil, redact: (String) -> String = { $0 }
  ) {
    guard let state = state(of: path, for: step) else { return }
    let old: String?
    switch state {
    case .absent: old = nil
    case .regular(let data):
      if data == Data(content.utf8) { return }
      old = String(decoding: data, as: UTF8.self)
    case .notRegular:
      problem(step, "\(path) is not a regular file (or cannot be read): skep leaves it alone")
      return
    }
    var actions = [SetupAction.writeFile(path: path, content: content, mode: mode, owner: owner)]
    var text = summary ?? "write \(path)"
    var notes: [String] = []
    if let hook {
      text += ", then \(hook.command)"
      actions.append(.liveCommand(hook.command, tool: hook.tool))
      notes += self.notes(for: hook)
    }
    let diff = UnifiedDiff.make(path: path, old: old.map(redact), new: redact(content))
    plan.changes.append(NodeChange(step: step, summary: text, diff: diff, actions: actions, notes: notes))
  }

  /// What the plan can say, from the facts, about a hook running on this node.
  func notes(for hook: Hook) -> [String] {
    if facts.isSandboxNode { return [NodePlan.sandboxNote] }
    if let tool = hook.tool, !facts.tools.contains(tool) { return ["\(tool) not found: '\(hook.command)' is skipped"] }
    return []
  }

  func finish(secrets: [String]) -> NodePlan {
    let values = secrets.map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty }
    let hide = { (text: String) in
      values.reduce(text) { $0.replacingOccurrences(of: $1, with: Redaction.mask) }
    }
    var result = plan
    for index in result.changes.indices {
      result.changes[index].summary = hide(result.changes[index].summary)
      result.changes[index].diff = hide(result.changes[index].diff)
      result.changes[index].notes = result.changes[index].notes.map(hide)
    }
    for index in result.problems.indices { result.problems[index].message = hide(result.problems[index].message) }
    for index in result.leftAlone.indices { result.leftAlone[index].summary = hide(result.leftAlone[index].summary) }
    return result
  }
}

enum Redaction {
  static let mask = "********"
}
