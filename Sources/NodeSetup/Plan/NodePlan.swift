import SkepConfig

/// The parts of a setup profile, in the order skep applies them (the order of `SetupSection.keys`).
public enum SetupStep: String, Sendable, Hashable, CaseIterable, Comparable {
  case docker
  case journald
  case ioScheduler = "io_scheduler"
  case kernel
  case logrotate
  case packages
  case admin
  case mailRelay = "mail_relay"

  /// Profile order.
  public static func < (lhs: SetupStep, rhs: SetupStep) -> Bool {
    let order = allCases
    return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
  }
}

/// What dockerd needs after the plan is applied.
public enum DockerAction: Int, Sendable, Hashable, Comparable {
  /// Nothing changed that dockerd reads.
  case none
  /// Only options dockerd reloads on SIGHUP changed (`insecure-registries`, `registry-mirrors`, `live-restore`).
  case reload
  /// `storage-driver`, `log-driver` or `log-opts` changed: dockerd must restart (the caller drains the node first).
  case restart

  /// By severity.
  public static func < (lhs: DockerAction, rhs: DockerAction) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One thing the apply script does.
public enum SetupAction: Sendable, Hashable {
  /// Writes `content` to `path` atomically (a temporary file in the same folder, `chmod`, `chown OWNER:` when
  /// an owner is given, `mv`), creating missing parent folders. A nil mode keeps the existing file's mode (best
  /// effort: a FAT `/boot` refuses chmod), 0644 for a new file.
  case writeFile(path: String, content: String, mode: String?, owner: String?)
  /// Creates a folder and its parents, then sets its mode (and owner when given).
  case makeFolder(path: String, mode: String, owner: String?)
  /// A command that touches the live system: skipped on a sandbox node, and when `tool` is given, on a node
  /// that lacks that tool.
  case liveCommand(String, tool: String?)
}

/// One change to a node.
public struct NodeChange: Sendable, Hashable, CustomStringConvertible {
  /// The step it belongs to.
  public var step: SetupStep
  /// One line saying what changes (secrets replaced by `********`).
  public var summary: String
  /// Unified-style diffs of the files it writes, "" when it writes none (secrets replaced by `********`).
  public var diff: String
  /// What the apply script does, in order. File contents here are the real ones, secrets included.
  public var actions: [SetupAction]
  /// What the plan knows about how the change runs on this node (a hook skipped on a sandbox node or for want of
  /// its tool).
  public var notes: [String]

  /// Creates a change.
  public init(step: SetupStep, summary: String, diff: String, actions: [SetupAction], notes: [String] = []) {
    self.step = step
    self.summary = summary
    self.diff = diff
    self.actions = actions
    self.notes = notes
  }

  /// The step and summary only: never the actions, which may hold secrets.
  public var description: String { "\(step.rawValue): \(summary)" }
}

/// Something a profile asks for that skep cannot do on this node.
public struct SetupProblem: Sendable, Hashable, CustomStringConvertible {
  /// The step it belongs to.
  public var step: SetupStep
  /// What is wrong and, when there is one, what to do about it.
  public var message: String
  /// The part of `skep.yml` that asks for it.
  public var location: SourceLocation?

  /// Creates a problem.
  public init(step: SetupStep, message: String, location: SourceLocation? = nil) {
    self.step = step
    self.message = message
    self.location = location
  }

  /// `skep.yml:40:3: kernel: …`.
  public var description: String {
    (location.map { "\($0): " } ?? "") + "\(step.rawValue): \(message)"
  }
}

/// Work that touches only the live system and that skep leaves alone on a sandbox node (installing a package,
/// creating a user): reported, never planned as a change, so a sandbox node's plan can be empty.
public struct LeftAlone: Sendable, Hashable {
  /// The step it belongs to.
  public var step: SetupStep
  /// What would be done on a real node.
  public var summary: String

  /// Creates an entry.
  public init(step: SetupStep, summary: String) {
    self.step = step
    self.summary = summary
  }
}

/// What `skep node setup` does to one node: the changes in step order, what it cannot do, and what dockerd needs.
public struct NodePlan: Sendable, Hashable {
  /// The changes, in step order.
  public var changes: [NodeChange]
  /// What cannot be done.
  public var problems: [SetupProblem]
  /// Live-system work skipped on a sandbox node.
  public var leftAlone: [LeftAlone]
  /// What dockerd needs once the changes are applied.
  public var docker: DockerAction

  /// The note on a change whose live-system hook is skipped on a sandbox node.
  public static let sandboxNote = "live system left alone (sandbox node)"
  /// Where dockerd writes its pid by default.
  public static let defaultDockerPidFile = "/var/run/docker.pid"

  /// Creates a plan.
  public init(
    changes: [NodeChange] = [], problems: [SetupProblem] = [], leftAlone: [LeftAlone] = [],
    docker: DockerAction = .none
  ) {
    self.changes = changes
    self.problems = problems
    self.leftAlone = leftAlone
    self.docker = docker
  }

  /// True when there is nothing to change and nothing wrong.
  public var isEmpty: Bool { changes.isEmpty && problems.isEmpty }
}
