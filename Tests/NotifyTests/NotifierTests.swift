import Foundation
import Logging
import Testing

@testable import Notify

/// The acceptance: a failing job gives one mail at a real SMTP sink and one webhook call, both naming the failing
/// node and volume, and no secret in any log line or error.
@Suite struct NotifierTests {
  static let password = "mail-Pa55word"
  static let token = "tk_webhookToken"

  func logger(_ lines: CapturingLogHandler.Lines) -> Logger {
    Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
  }

  @Test func failingJobReachesMailAndWebhook() async throws {
    let sinkArguments = ["--auth", "alerts:\(Self.password)", "--allow-auth-plain"]
    try await HelperProcess.with("smtp_sink.py", arguments: sinkArguments) { sink in
      try await HelperProcess.with("webhook_receiver.py") { receiver in
        let lines = CapturingLogHandler.Lines()
        let mail = SMTPSettings(
          host: "127.0.0.1", port: sink.port, tls: .off, username: "alerts", password: Secret(Self.password),
          allowAuthWithoutTLS: true, from: "skep@lab.example", to: ["ops@lab.example"])
        let webhook = WebhookSettings(
          url: "http://127.0.0.1:\(receiver.port)/", topic: "lab", token: Secret(Self.token))
        let notifier = Notifier(
          channels: [MailChannel(settings: mail), WebhookChannel(settings: webhook)], logger: logger(lines))
        let outcomes = await notifier.send(Samples.failed)
        #expect(outcomes.map(\.delivered) == [true, true], "\(outcomes.map { String(describing: $0.error) })")
        #expect(
          outcomes.map(\.channel) == [
            "mail smtp://alerts@127.0.0.1:\(sink.port) (off)", "webhook http://127.0.0.1:\(receiver.port)/",
          ])

        let mails = try ReceivedMail.all(in: sink)
        try #require(mails.count == 1, "\(sink.log)")
        let requests = try ReceivedRequest.all(in: receiver)
        try #require(requests.count == 1, "\(receiver.log)")
        for text in [mails[0].header("Subject") ?? "", mails[0].body, requests[0].body] {
          #expect(text.contains("node2") && text.contains("db") && text.contains("node3") && text.contains("media"))
        }
        #expect(lines.all.count == 2)
        #expect(lines.all.allSatisfy { $0.hasPrefix("info notification delivered") })
        #expect(!lines.all.joined().contains(Self.password) && !lines.all.joined().contains(Self.token))
      }
    }
  }

  @Test func oneChannelFailingDoesNotStopTheOther() async throws {
    let deadPort = try await deadPort()
    try await HelperProcess.with("webhook_receiver.py") { receiver in
      let lines = CapturingLogHandler.Lines()
      let mail = SMTPSettings(
        host: "127.0.0.1", port: deadPort, tls: .starttls, username: "alerts", password: Secret(Self.password),
        from: "skep@lab.example", to: ["ops@lab.example"])
      let webhook = WebhookSettings(url: "http://127.0.0.1:\(receiver.port)/", token: Secret(Self.token))
      let notifier = Notifier(
        channels: [MailChannel(settings: mail), WebhookChannel(settings: webhook)], logger: logger(lines))
      let outcomes = await notifier.send(Samples.failed)
      #expect(outcomes.map(\.delivered) == [false, true])
      #expect((outcomes[0].error as? SMTPError)?.step == .connect)
      let requests = try ReceivedRequest.all(in: receiver)
      #expect(requests.count == 1)
      let errorLine = lines.all.first { $0.hasPrefix("error notification not delivered") }
      #expect(errorLine?.contains("error=SMTP 127.0.0.1:\(deadPort): connect failed: connection refused") == true)
      #expect(!lines.all.joined().contains(Self.password) && !lines.all.joined().contains(Self.token))
    }
  }
}
