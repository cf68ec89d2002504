import Foundation
import Testing

@testable import Notify

/// The SMTP client against aiosmtpd on 127.0.0.1 (see Helpers/smtp_sink.py).
@Suite struct SMTPSinkTests {
  static let password = "s3cret-Pa55"

  func settings(port: Int, user: String? = nil, password: String? = nil, allowPlain: Bool = false) -> SMTPSettings {
    SMTPSettings(
      host: "127.0.0.1", port: port, tls: .off, username: user, password: password.map(Secret.init),
      allowAuthWithoutTLS: allowPlain, from: "skep@lab.example", to: ["ops@lab.example", "me@lab.example"],
      replyTimeout: .seconds(5))
  }

  @Test func deliversOnceWithHeadersAndBody() async throws {
    var notification = Samples.failed
    notification.items[1].message = ".env missing\n.\nend"
    let message = MailMessage(notification, from: "skep@lab.example", to: ["ops@lab.example", "me@lab.example"])
    try await HelperProcess.with("smtp_sink.py") { sink in
      try await SMTPClient(settings: settings(port: sink.port)).send(message)
      let mails = try ReceivedMail.all(in: sink)
      try #require(mails.count == 1, "\(sink.log)")
      let mail = mails[0]
      #expect(mail.helo == "[127.0.0.1]")
      #expect(mail.mailFrom == "skep@lab.example")
      #expect(mail.recipients == ["ops@lab.example", "me@lab.example"])
      #expect(mail.mailOptions.contains("BODY=8BITMIME"))
      #expect(mail.header("From") == "skep@lab.example")
      #expect(mail.header("To") == "ops@lab.example, me@lab.example")
      #expect(mail.header("Subject") == "[skep] backup-nightly failed: db on node2, media on node3")
      #expect(mail.header("Date") == "Sat, 09 May 2026 03:03:07 +0000")
      #expect(mail.header("Message-ID") == "<\(message.messageID)>")
      #expect(mail.header("MIME-Version") == "1.0")
      #expect(mail.header("Content-Type") == "text/plain; charset=utf-8")
      #expect(mail.header("Content-Transfer-Encoding") == "8bit")
      // aiosmtpd undoes the dot-stuffing: the body arrives exactly as written, lines starting with "." included.
      #expect(mail.body == MailContent(notification).body.replacingOccurrences(of: "\n", with: "\r\n"))
      #expect(mail.body.contains("\r\n  .env missing\r\n  .\r\n  end\r\n"))
    }
  }

  @Test func authOverPlainOnlyWithTheExplicitFlag() async throws {
    let arguments = ["--auth", "alerts:\(Self.password)", "--allow-auth-plain"]
    try await HelperProcess.with("smtp_sink.py", arguments: arguments) { sink in
      let message = MailMessage(Samples.failed, from: "skep@lab.example", to: ["ops@lab.example"])
      let refused = await #expect(throws: SMTPError.self) {
        try await SMTPClient(settings: settings(port: sink.port, user: "alerts", password: Self.password))
          .send(message)
      }
      #expect(refused?.step == .configuration)
      #expect(refused?.description.contains("refusing to send the password without TLS") == true)
      let received = try ReceivedMail.all(in: sink)
      #expect(received.isEmpty)

      try await SMTPClient(
        settings: settings(port: sink.port, user: "alerts", password: Self.password, allowPlain: true)
      ).send(message)
      let mails = try ReceivedMail.all(in: sink)
      #expect(mails.count == 1)
      #expect(mails.first?.authUser == "alerts")
    }
  }

  @Test func wrongPasswordNamesAuthAndNotThePassword() async throws {
    try await HelperProcess.with("smtp_sink.py", arguments: ["--auth", "alerts:right", "--allow-auth-plain"]) {
      sink in
      let error = await #expect(throws: SMTPError.self) {
        try await SMTPClient(
          settings: settings(port: sink.port, user: "alerts", password: "wr0ng-Guess", allowPlain: true)
        )
        .send(MailMessage(Samples.failed, from: "skep@lab.example", to: ["ops@lab.example"]))
      }
      #expect(error?.step == .auth)
      #expect(error?.code == 535)
      let text = "\(String(describing: error)) \(String(reflecting: error))"
      #expect(!text.contains("wr0ng-Guess"))
      #expect(!text.contains(Data("\0alerts\0wr0ng-Guess".utf8).base64EncodedString()))
      let received = try ReceivedMail.all(in: sink)
      #expect(received.isEmpty)
    }
  }

  @Test func refusedRecipientAbortsTheMessage() async throws {
    try await HelperProcess.with("smtp_sink.py", arguments: ["--refuse", "nobody@"]) { sink in
      var settings = settings(port: sink.port)
      settings.to = ["ops@lab.example", "nobody@lab.example"]
      let error = await #expect(throws: SMTPError.self) {
        try await SMTPClient(settings: settings)
          .send(MailMessage(Samples.failed, from: settings.from, to: settings.to))
      }
      #expect(error?.step == .rcptTo("nobody@lab.example"))
      #expect(error?.code == 550)
      #expect(error?.isTemporary == false)
      #expect(
        error?.description
          == "SMTP 127.0.0.1:\(sink.port): RCPT TO:<nobody@lab.example> refused: 550 "
          + "5.1.1 <nobody@lab.example>: recipient address rejected: no such user")
      let received = try ReceivedMail.all(in: sink)
      #expect(received.isEmpty)
    }
  }

  @Test func deadPortFailsToConnectQuickly() async throws {
    let port = try await deadPort()
    let started = ContinuousClock.now
    let error = await #expect(throws: SMTPError.self) {
      try await SMTPClient(settings: settings(port: port))
        .send(MailMessage(Samples.failed, from: "skep@lab.example", to: ["ops@lab.example"]))
    }
    #expect(ContinuousClock.now - started < .seconds(2))
    #expect(error?.step == .connect)
    #expect(error?.description == "SMTP 127.0.0.1:\(port): connect failed: connection refused")
  }

  @Test func silentServerTimesOutWaitingForTheGreeting() async throws {
    try await HelperProcess.with("smtp_sink.py", arguments: ["--mode", "silent"]) { sink in
      var settings = settings(port: sink.port)
      settings.replyTimeout = .milliseconds(300)
      let started = ContinuousClock.now
      let error = await #expect(throws: SMTPError.self) {
        try await SMTPClient(settings: settings)
          .send(MailMessage(Samples.failed, from: settings.from, to: settings.to))
      }
      #expect(ContinuousClock.now - started < .seconds(3))
      #expect(error?.step == .greeting)
      #expect(error?.reason == "no greeting within 300ms")
    }
  }

  @Test func starttlsRequiredButNotOffered() async throws {
    try await HelperProcess.with("smtp_sink.py") { sink in
      var settings = settings(port: sink.port)
      settings.tls = .starttls
      let error = await #expect(throws: SMTPError.self) {
        try await SMTPClient(settings: settings)
          .send(MailMessage(Samples.failed, from: settings.from, to: settings.to))
      }
      #expect(error?.step == .starttls)
      let received = try ReceivedMail.all(in: sink)
      #expect(received.isEmpty)
    }
  }

  @Test func badAddressesAreRefusedBeforeConnecting() async throws {
    let error = await #expect(throws: SMTPError.self) {
      try await SMTPClient(settings: settings(port: 1))
        .send(MailMessage(from: "skep@lab.example", to: ["ops@lab.example>\r\nRCPT TO:<x@y"], subject: "s", body: "b"))
    }
    #expect(error?.step == .configuration)
  }
}
