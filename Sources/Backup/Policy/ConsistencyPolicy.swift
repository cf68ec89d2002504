import Foundation
import SkepConfig

/// What to do with a volume while restic reads it, and why.
public struct ConsistencyDecision: Sendable, Hashable {
  /// Where the decision came from, by precedence.
  public enum Source: String, Sendable, Hashable, Codable {
    case optOut = "opt-out"
    case inventory
    case label
    case offen
    case database
    case none = "default"
  }

  /// False when the volume is opted out: nothing else applies.
  public var backup: Bool
  public var mode: ConsistencyMode
  public var source: Source
  /// One sentence for the report, e.g. "pause: shop_db runs mariadb:11 (a database)".
  public var reason: String
  /// The running containers to pause or stop (empty for `none`).
  public var containers: [String]
  /// Commands to run before and after the snapshot, in the containers that asked for them.
  public var preHooks: [ExecHook]
  public var postHooks: [ExecHook]
  /// Label values skep could not use, for the report.
  public var warnings: [String]
}

/// A command from `skep.backup.pre` / `skep.backup.post`, run as `/bin/sh -c COMMAND` in a container.
public struct ExecHook: Sendable, Hashable {
  public var container: String
  public var command: [String]

  /// Creates a hook.
  public init(container: String, command: [String]) {
    self.container = container
    self.command = command
  }
}

/// Decides `pause | stop | none` for one volume. Precedence: opt-out (`skep.backup=false` on the volume, or
/// `backup: false` in skep.yml) > the rule in skep.yml > a container's `skep.backup.consistency` label > offen's
/// `docker-volume-backup.stop-during-backup=true` (stop) > a detected database (pause) > none.
public enum ConsistencyPolicy {
  public static func decide(
    volume: String, volumeLabels: [String: String], users: [VolumeUser], rule: VolumeRule
  ) -> ConsistencyDecision {
    let running = users.filter(\.isRunning)
    var warnings: [String] = []
    var decision = ConsistencyDecision(
      backup: true, mode: .none, source: .none, reason: "none: no database and no rule or label asks for more",
      containers: [], preHooks: hooks(BackupLabels.pre, running), postHooks: hooks(BackupLabels.post, running),
      warnings: [])
    if volumeLabels[BackupLabels.backup]?.lowercased() == "false" || !rule.backup {
      let why = rule.backup ? "label skep.backup=false on the volume" : "backup: false in skep.yml"
      return ConsistencyDecision(
        backup: false, mode: .none, source: .optOut, reason: "skipped: \(why)", containers: [], preHooks: [],
        postHooks: [], warnings: [])
    }
    if let mode = rule.consistency {
      decision.mode = mode
      decision.source = .inventory
      decision.reason = "\(mode.rawValue): set for volume '\(volume)' in skep.yml"
    } else if let (user, mode) = labelled(running, warnings: &warnings) {
      decision.mode = mode
      decision.source = .label
      decision.reason = "\(mode.rawValue): label \(BackupLabels.consistency) on \(user.name)"
    } else if let user = running.first(where: { $0.labels[BackupLabels.offenStop]?.lowercased() == "true" }) {
      decision.mode = .stop
      decision.source = .offen
      decision.reason = "stop: label \(BackupLabels.offenStop)=true on \(user.name)"
    } else if let (user, database) = firstDatabase(running) {
      decision.mode = .pause
      decision.source = .database
      decision.reason = "pause: \(user.name) runs \(user.image) (\(database.rawValue))"
    }
    decision.containers = decision.mode == .none ? [] : running.map(\.name)
    decision.warnings = warnings
    return decision
  }

  static func labelled(_ users: [VolumeUser], warnings: inout [String]) -> (VolumeUser, ConsistencyMode)? {
    for user in users {
      guard let value = user.labels[BackupLabels.consistency] else { continue }
      if let mode = ConsistencyMode(rawValue: value.lowercased()) { return (user, mode) }
      warnings.append(
        "\(user.name): \(BackupLabels.consistency)=\(value) is not pause, stop or none; ignored")
    }
    return nil
  }

  static func firstDatabase(_ users: [VolumeUser]) -> (VolumeUser, DatabaseKind)? {
    for user in users {
      if let kind = DatabaseDetector.detect(user) { return (user, kind) }
    }
    return nil
  }

  static func hooks(_ label: String, _ users: [VolumeUser]) -> [ExecHook] {
    users.compactMap { user in
      guard let command = user.labels[label], !command.trimmingCharacters(in: .whitespaces).isEmpty else {
        return nil
      }
      return ExecHook(container: user.name, command: ["/bin/sh", "-c", command])
    }
  }
}
