import Logging

/// Somewhere a notification can go.
public protocol NotificationChannel: Sendable {
  /// Names the channel in results and logs ("mail smtp://…", "webhook https://…"); never holds a secret.
  var name: String { get }
  /// Delivers one notification, or throws an error whose description holds no secret.
  func deliver(_ notification: Notification) async throws
}

/// Mail through an SMTP server.
public struct MailChannel: NotificationChannel {
  public var client: SMTPClient

  public init(settings: SMTPSettings) {
    self.client = SMTPClient(settings: settings)
  }

  public var name: String { "mail \(client.settings)" }

  public func deliver(_ notification: Notification) async throws {
    let settings = client.settings
    try await client.send(MailMessage(notification, from: settings.from, to: settings.to))
  }
}

/// A JSON POST to ntfy or any webhook receiver.
public struct WebhookChannel: NotificationChannel {
  public var client: WebhookClient

  public init(settings: WebhookSettings) {
    self.client = WebhookClient(settings: settings)
  }

  public var name: String { "webhook \(client.settings)" }

  public func deliver(_ notification: Notification) async throws {
    try await client.post(notification)
  }
}

/// What happened on one channel.
public struct ChannelOutcome: Sendable {
  /// The channel's `name`.
  public var channel: String
  /// nil when delivered.
  public var error: (any Error)?

  public var delivered: Bool { error == nil }
}

/// Sends each notification to every configured channel at once and says how each one fared.
public struct Notifier: Sendable {
  public var channels: [any NotificationChannel]
  public var logger: Logger

  public init(channels: [any NotificationChannel], logger: Logger = Logger(label: "skep.notify")) {
    self.channels = channels
    self.logger = logger
  }

  /// Delivers `notification` on all channels concurrently; one failing does not stop the others.
  /// Logs one line per channel (delivered at info, failed at error, with the error's description).
  /// - Returns: one outcome per channel, in the order of `channels`.
  public func send(_ notification: Notification) async -> [ChannelOutcome] {
    let outcomes = await withTaskGroup(of: (Int, ChannelOutcome).self) { group in
      for (index, channel) in channels.enumerated() {
        group.addTask {
          do {
            try await channel.deliver(notification)
            return (index, ChannelOutcome(channel: channel.name, error: nil))
          } catch {
            return (index, ChannelOutcome(channel: channel.name, error: error))
          }
        }
      }
      var results: [(Int, ChannelOutcome)] = []
      for await result in group { results.append(result) }
      return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
    for outcome in outcomes {
      var metadata: Logger.Metadata = [
        "channel": "\(outcome.channel)", "job": "\(notification.job)", "run": "\(notification.runID)",
        "kind": "\(notification.kind.rawValue)",
      ]
      if let error = outcome.error {
        metadata["error"] = "\(error)"
        logger.error("notification not delivered", metadata: metadata)
      } else {
        logger.info("notification delivered", metadata: metadata)
      }
    }
    return outcomes
  }
}
