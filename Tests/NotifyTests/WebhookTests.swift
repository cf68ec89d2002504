import Foundation
import Testing

@testable import Notify

/// The webhook client against a Python `http.server` receiver on 127.0.0.1 (see Helpers/webhook_receiver.py).
@Suite struct WebhookTests {
  static let token = "tk_s3cretToken"

  @Test func postsTheJSONWithTheBearerToken() async throws {
    try await HelperProcess.with("webhook_receiver.py") { receiver in
      let settings = WebhookSettings(
        url: "http://127.0.0.1:\(receiver.port)/hooks/skep?src=lab", topic: "homelab-alerts",
        token: Secret(Self.token))
      let status = try await WebhookClient(settings: settings).post(Samples.failed)
      #expect(status == 200)
      let requests = try ReceivedRequest.all(in: receiver)
      try #require(requests.count == 1, "\(receiver.log)")
      let request = requests[0]
      #expect(request.method == "POST")
      #expect(request.path == "/hooks/skep?src=lab")
      #expect(request.header("Authorization") == "Bearer \(Self.token)")
      #expect(request.header("Content-Type") == "application/json")
      #expect(request.header("Host") == "127.0.0.1:\(receiver.port)")
      let expected = try WebhookPayload(Samples.failed, topic: "homelab-alerts").json()
      #expect(request.body == String(decoding: expected, as: UTF8.self))
      let object = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
      #expect(object?["title"] as? String == "backup-nightly failed: db on node2, media on node3")
    }
  }

  @Test func serverErrorNamesTheStatusAndNeverTheToken() async throws {
    try await HelperProcess.with("webhook_receiver.py", arguments: ["--status", "500", "--echo-auth"]) { receiver in
      let settings = WebhookSettings(
        url: "http://127.0.0.1:\(receiver.port)/?auth=\(Self.token)", token: Secret(Self.token))
      let error = await #expect(throws: WebhookError.self) {
        try await WebhookClient(settings: settings).post(Samples.failed)
      }
      #expect(error?.status == 500)
      #expect(
        error?.description
          == "webhook http://127.0.0.1:\(receiver.port)/: HTTP 500 Internal Server Error: "
          + "boom: receiver failed (got Bearer <redacted>)")
      #expect(!"\(String(describing: error)) \(String(reflecting: error))".contains(Self.token))
      let requests = try ReceivedRequest.all(in: receiver)
      #expect(requests.count == 1)
    }
  }

  @Test func redirectsAreNotFollowed() async throws {
    let arguments = ["--status", "302", "--location", "http://127.0.0.1:9/elsewhere"]
    try await HelperProcess.with("webhook_receiver.py", arguments: arguments) { receiver in
      let error = await #expect(throws: WebhookError.self) {
        try await WebhookClient(settings: WebhookSettings(url: "http://127.0.0.1:\(receiver.port)/"))
          .post(Samples.failed)
      }
      #expect(error?.status == 302)
      #expect(error?.description.contains("(redirect to http://127.0.0.1:9/elsewhere not followed)") == true)
      let requests = try ReceivedRequest.all(in: receiver)
      #expect(requests.count == 1)
    }
  }

  @Test func httpsWithTheCAFileAndWithout() async throws {
    let ca = try TestCA.make()
    defer { ca.remove() }
    let arguments = ["--cert", ca.serverCertificate, "--key", ca.serverKey]
    try await HelperProcess.with("webhook_receiver.py", arguments: arguments) { receiver in
      let url = "https://127.0.0.1:\(receiver.port)/"
      let untrusted = await #expect(throws: WebhookError.self) {
        try await WebhookClient(settings: WebhookSettings(url: url, topic: "t")).post(Samples.stale)
      }
      guard case .transport(_, let reason) = untrusted else {
        Issue.record("expected a transport error, got \(String(describing: untrusted))")
        return
      }
      #expect(reason.contains("certificate verify failed"), "\(reason)")
      #expect(try ReceivedRequest.all(in: receiver).isEmpty)

      try await WebhookClient(settings: WebhookSettings(url: url, topic: "t", caFile: ca.caCertificate))
        .post(Samples.stale)
      let requests = try ReceivedRequest.all(in: receiver)
      #expect(requests.count == 1)
      #expect(requests.first?.body.contains(#""volume":"photos""#) == true)
    }
  }

  @Test func deadPortIsATransportError() async throws {
    let port = try await deadPort()
    let error = await #expect(throws: WebhookError.self) {
      try await WebhookClient(settings: WebhookSettings(url: "http://127.0.0.1:\(port)/x")).post(Samples.failed)
    }
    #expect(error == .transport(url: "http://127.0.0.1:\(port)/x", reason: "connection refused"))
  }

  @Test func silentReceiverTimesOut() async throws {
    // Any listener that never answers will do: the SMTP sink's silent mode.
    try await HelperProcess.with("smtp_sink.py", arguments: ["--mode", "silent"]) { silent in
      let settings = WebhookSettings(url: "http://127.0.0.1:\(silent.port)/", timeout: .milliseconds(300))
      let error = await #expect(throws: WebhookError.self) {
        try await WebhookClient(settings: settings).post(Samples.failed)
      }
      #expect(error == .transport(url: "http://127.0.0.1:\(silent.port)/", reason: "no complete response within 300ms"))
    }
  }

  @Test func credentialsInTheURLAreRefusedWithoutBeingRepeated() async throws {
    let error = await #expect(throws: WebhookError.self) {
      try await WebhookClient(settings: WebhookSettings(url: "https://user:pa55word@ntfy.example/")).post(
        Samples.failed)
    }
    #expect(error == .invalidURL("credentials in the URL are not allowed: put a token in a secret instead"))
    #expect(error?.description.contains("pa55word") == false)
  }
}
