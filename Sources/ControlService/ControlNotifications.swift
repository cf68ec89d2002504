import Foundation
import Logging
import Notify
import RunHistory
import SkepConfig

/// Who is told what, from the `control.notify` settings and the credentials the service's secrets hold.
struct ControlNotifications: Sendable {
  var events: Set<ControlSection.Event>
  var notifier: Notifier?
  var logger: Logger

  /// The channels `control.notify` configures; a missing credential file is an error naming it.
  init(section: ControlSection?, smtpPasswordFile: String?, webhookTokenFile: String?, logger: Logger) throws {
    self.logger = logger
    let notify = section?.notify
    events = notify?.on ?? ControlSection.Notify.defaultOn
    var channels: [any NotificationChannel] = []
    if let mail = notify?.mail {
      let password = try smtpPasswordFile.map { file throws in try Secret.read(file: file) }
      let tls: SMTPSettings.TLSMode =
        switch mail.tls {
        case .starttls: .starttls
        case .tls: .tls
        case .off: .off
        }
      channels.append(
        MailChannel(
          settings: SMTPSettings(
            host: mail.host, port: mail.port, tls: tls, username: mail.user, password: password, from: mail.from,
            to: mail.to, heloName: mail.helo)))
    }
    if let webhook = notify?.webhook {
      let token = try webhookTokenFile.map { file throws in try Secret.read(file: file) }
      channels.append(WebhookChannel(settings: WebhookSettings(url: webhook.url, topic: webhook.topic, token: token)))
    }
    notifier = channels.isEmpty ? nil : Notifier(channels: channels, logger: logger)
  }

  /// Tells about a finished run when its outcome is one the settings ask for.
  func runFinished(_ run: JobRun) async {
    guard let notifier else { return }
    let failed = run.status.isFailure
    guard failed ? events.contains(.failure) : (run.status == .succeeded && events.contains(.success)) else { return }
    let items = run.items.filter { $0.status == .failed }.map {
      Notification.Item(node: $0.node, volume: $0.volume, message: $0.message ?? "failed")
    }
    let notification = Notification(
      kind: failed ? .jobFailed : .jobSucceeded, job: run.job, runID: String(run.id), time: run.ended ?? run.started,
      summary: run.message ?? run.status.rawValue, items: items)
    _ = await notifier.send(notification)
  }

  /// Tells about volumes whose newest snapshot is older than the threshold (once per volume until it is fresh again:
  /// the caller keeps the set).
  func stale(_ volumes: [(name: String, node: String?, newest: Date?)], threshold: TimeInterval, now: Date) async {
    guard let notifier, events.contains(.stale), !volumes.isEmpty else { return }
    let items = volumes.map { volume in
      Notification.Item(
        node: volume.node, volume: volume.name,
        message: volume.newest.map { "newest snapshot \(Int(now.timeIntervalSince($0) / 3600)) h old" }
          ?? "no snapshot")
    }
    let notification = Notification(
      kind: .snapshotStale, job: "backup", runID: "-", time: now,
      summary: "\(volumes.count) volume(s) without a snapshot newer than \(Int(threshold / 3600)) h", items: items)
    _ = await notifier.send(notification)
  }
}
