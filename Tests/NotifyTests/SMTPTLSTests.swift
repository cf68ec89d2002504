import Foundation
import Testing

@testable import Notify

/// STARTTLS and implicit TLS against aiosmtpd with a certificate from a throwaway CA.
@Suite struct SMTPTLSTests {
  func settings(port: Int, tls: SMTPSettings.TLSMode, caFile: String?) -> SMTPSettings {
    SMTPSettings(
      host: "127.0.0.1", port: port, tls: tls, username: "alerts", password: Secret("tls-Pa55"), caFile: caFile,
      from: "skep@lab.example", to: ["ops@lab.example"], replyTimeout: .seconds(5))
  }

  @Test func starttlsWithTheCAFileThenAuth() async throws {
    let ca = try TestCA.make()
    defer { ca.remove() }
    let arguments = [
      "--mode", "starttls", "--cert", ca.serverCertificate, "--key", ca.serverKey, "--auth", "alerts:tls-Pa55",
    ]
    try await HelperProcess.with("smtp_sink.py", arguments: arguments) { sink in
      try await SMTPClient(settings: settings(port: sink.port, tls: .starttls, caFile: ca.caCertificate))
        .send(MailMessage(Samples.failed, from: "skep@lab.example", to: ["ops@lab.example"]))
      let mails = try ReceivedMail.all(in: sink)
      try #require(mails.count == 1, "\(sink.log)")
      #expect(mails[0].tls)
      #expect(mails[0].authUser == "alerts")
      #expect(mails[0].header("Subject") == "[skep] backup-nightly failed: db on node2, media on node3")
    }
  }

  @Test func starttlsVerifiesAgainstTheSystemRootsByDefault() async throws {
    let ca = try TestCA.make()
    defer { ca.remove() }
    let arguments = ["--mode", "starttls", "--cert", ca.serverCertificate, "--key", ca.serverKey]
    try await HelperProcess.with("smtp_sink.py", arguments: arguments) { sink in
      let error = await #expect(throws: SMTPError.self) {
        try await SMTPClient(settings: settings(port: sink.port, tls: .starttls, caFile: nil))
          .send(MailMessage(Samples.failed, from: "skep@lab.example", to: ["ops@lab.example"]))
      }
      #expect(error?.step == .tlsHandshake)
      #expect(error?.reason?.contains("certificate verify failed") == true, "\(String(describing: error))")
      let received = try ReceivedMail.all(in: sink)
      #expect(received.isEmpty)
    }
  }

  @Test func implicitTLS() async throws {
    let ca = try TestCA.make()
    defer { ca.remove() }
    let arguments = [
      "--mode", "implicit", "--cert", ca.serverCertificate, "--key", ca.serverKey, "--auth", "alerts:tls-Pa55",
      // aiosmtpd only counts STARTTLS as TLS for AUTH; on an implicit-TLS socket it must be told to offer AUTH.
      "--allow-auth-plain",
    ]
    try await HelperProcess.with("smtp_sink.py", arguments: arguments) { sink in
      try await SMTPClient(settings: settings(port: sink.port, tls: .tls, caFile: ca.caCertificate))
        .send(MailMessage(Samples.stale, from: "skep@lab.example", to: ["ops@lab.example"]))
      let mails = try ReceivedMail.all(in: sink)
      try #require(mails.count == 1, "\(sink.log)")
      #expect(mails[0].tls)
      #expect(mails[0].header("Subject") == "[skep] stale snapshot: photos")
    }
  }

  @Test func missingCAFileIsAConfigurationError() async throws {
    let error = await #expect(throws: SMTPError.self) {
      try await SMTPClient(settings: settings(port: 1, tls: .starttls, caFile: "/nonexistent/ca.pem"))
        .send(MailMessage(Samples.failed, from: "skep@lab.example", to: ["ops@lab.example"]))
    }
    #expect(error?.step == .configuration)
    #expect(error?.reason == "CA file /nonexistent/ca.pem does not exist")
  }
}
