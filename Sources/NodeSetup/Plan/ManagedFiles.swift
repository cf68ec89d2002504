import Foundation
import SkepConfig

/// The files skep writes on a node.
public enum ManagedPath {
  /// The docker step's file.
  public static let daemonJSON = "/etc/docker/daemon.json"
  /// The journald step's drop-in.
  public static let journald = "/etc/systemd/journald.conf.d/skep.conf"
  /// The io_scheduler step's udev rule.
  public static let udevRule = "/etc/udev/rules.d/60-skep-io-scheduler.rules"
  /// The logrotate step's rules.
  public static let logrotate = "/etc/logrotate.d/skep"
  /// The mail_relay step's msmtp configuration.
  public static let msmtprc = "/etc/msmtprc"
}

/// The content of the files skep generates whole.
public enum ManagedFiles {
  /// The first line of every file skep generates whole.
  public static let header = "# Managed by skep node setup (skep.yml, setup:): changes made here are overwritten."

  /// `/etc/systemd/journald.conf.d/skep.conf`.
  public static func journald(_ settings: SetupSection.Journald) -> String {
    var lines = [header, "[Journal]"]
    if let value = settings.storage { lines.append("Storage=\(value.value)") }
    if let value = settings.runtimeMaxUse { lines.append("RuntimeMaxUse=\(value.value)") }
    if let value = settings.systemMaxUse { lines.append("SystemMaxUse=\(value.value)") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `/etc/udev/rules.d/60-skep-io-scheduler.rules`: one rule per device pattern.
  public static func udevRule(_ settings: SetupSection.IOScheduler) -> String {
    let devices = settings.devices?.value ?? SetupSection.IOScheduler.defaultDevices
    let rules = devices.map {
      #"ACTION=="add|change", KERNEL=="\#($0)", ATTR{queue/scheduler}="\#(settings.scheduler.value)""#
    }
    return ([header] + rules).joined(separator: "\n") + "\n"
  }

  /// `/etc/logrotate.d/skep`: one stanza per rule.
  public static func logrotate(_ rules: [SetupSection.LogrotateRule]) -> String {
    var lines = [header]
    for rule in rules {
      let paths = rule.paths.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ")
      lines.append("\(paths) {")
      var body = [rule.frequency, "rotate \(rule.rotate)"]
      if let size = rule.maxSize { body.append("maxsize \(size)") }
      body += rule.compress ? ["compress", "delaycompress"] : ["nocompress"]
      body += ["missingok", "notifempty", "copytruncate"]
      lines += body.map { "    \($0)" }
      lines.append("}")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `/etc/msmtprc` with `password` as the account's password (nil: no password line). The CA bundle is
  /// Fedora's on dnf systems, Debian's and Arch's path otherwise.
  public static func msmtprc(
    _ relay: SetupSection.MailRelay, password: String?, packageManager: PackageManager?
  ) -> String {
    let trust =
      packageManager == .dnf ? "/etc/pki/tls/certs/ca-bundle.crt" : "/etc/ssl/certs/ca-certificates.crt"
    var lines = [
      header, "defaults", "auth \(relay.user == nil ? "off" : "on")", "tls \(relay.tls == "off" ? "off" : "on")",
      "tls_starttls \(relay.tls == "starttls" ? "on" : "off")", "tls_trust_file \(trust)", "account skep",
      "host \(relay.host)", "port \(relay.port)", "from \(relay.from)",
    ]
    if let user = relay.user { lines.append("user \(user)") }
    if let password { lines.append("password \(password)") }
    lines.append("account default : skep")
    return lines.joined(separator: "\n") + "\n"
  }
}

/// The mail_relay step: `/etc/msmtprc` (msmtp itself is added to the packages step when missing).
enum MailRelayStep {
  static func plan(_ relay: SetupSection.MailRelay, secrets: [String: String], into builder: inout PlanBuilder) {
    var password: String?
    if let file = relay.passwordFile {
      guard let secret = secrets[file] else {
        builder.problem(.mailRelay, "the password file \(file) was not read", at: relay.location)
        return
      }
      let value = secret.trimmingCharacters(in: .newlines)
      guard !value.isEmpty, !value.contains("\n") else {
        builder.problem(.mailRelay, "the password file \(file) must hold one non-empty line", at: relay.location)
        return
      }
      password = value
    }
    let content = ManagedFiles.msmtprc(relay, password: password, packageManager: builder.facts.packageManager)
    let old = builder.facts.files[ManagedPath.msmtprc]
    var summary = "write \(ManagedPath.msmtprc) (mode 0600)"
    if case .regular(let data) = old, let text = String(data: data, encoding: .utf8),
      redactPassword(text) == redactPassword(content)
    {
      summary += ": the password changes"
    }
    builder.write(
      .mailRelay, path: ManagedPath.msmtprc, content: content, mode: "0600", summary: summary,
      redact: { redactPassword($0, current: password) })
    if builder.facts.packageManager == nil && !builder.facts.tools.contains("msmtp") {
      builder.problem(.mailRelay, "msmtp is not installed and no known package manager can install it")
    }
  }

  /// msmtprc text with every `password` line's value masked; a value other than `current` (when given) is
  /// marked, so a diff still shows that the password changes.
  static func redactPassword(_ text: String, current: String? = nil) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      guard trimmed.hasPrefix("password ") || trimmed.hasPrefix("password\t") else { return String(line) }
      let value = trimmed.dropFirst("password".count).trimmingCharacters(in: .whitespaces)
      let other = current.map { $0 != value } ?? false
      return "password \(Redaction.mask)" + (other ? " (another password)" : "")
    }.joined(separator: "\n")
  }
}
