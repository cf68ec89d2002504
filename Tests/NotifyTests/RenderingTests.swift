import Foundation
import Testing

@testable import Notify

@Suite struct RenderingTests {
  @Test func failedJobNamesEveryNodeAndVolume() {
    let content = MailContent(Samples.failed)
    #expect(content.subject == "[skep] backup-nightly failed: db on node2, media on node3")
    #expect(
      content.body == """
        Job:     backup-nightly
        Run:     r-0509-0300
        Time:    2026-05-09T03:03:07Z
        Result:  failed

        2 of 5 volumes were not backed up.

        Failures (2):
        - node: node2  volume: db
          restic: repository is already locked
          by PID 42 on node1
        - node: node3  volume: media
          no space left on device

        -- 
        skep

        """)
  }

  @Test func successAndStaleSubjects() {
    #expect(MailContent(Samples.succeeded).subject == "[skep] backup-nightly succeeded")
    #expect(!MailContent(Samples.succeeded).body.contains("Failures"))
    let stale = MailContent(Samples.stale)
    #expect(stale.subject == "[skep] stale snapshot: photos")
    #expect(stale.body.contains("Stale volumes (1):\n- volume: photos\n  newest snapshot 2026-05-06T02:00:00Z"))
  }

  @Test func longListsAreCountedInTheSubject() {
    var notification = Samples.failed
    notification.items = (1...5).map { .init(node: "node\($0)", volume: "v\($0)", message: "x") }
    #expect(
      MailContent(notification).subject
        == "[skep] backup-nightly failed: v1 on node1, v2 on node2, v3 on node3 and 2 more")
  }

  @Test func webhookJSONIsExact() throws {
    let json = try WebhookPayload(Samples.failed, topic: "homelab-alerts").json()
    let expected =
      #"{"message":"2 of 5 volumes were not backed up.\n- db on node2: restic: repository is already locked\n"#
      + #"- media on node3: no space left on device\nrun r-0509-0300 at 2026-05-09T03:03:07Z","priority":4,"#
      + #""skep":{"items":[{"message":"restic: repository is already locked\nby PID 42 on node1","node":"node2","#
      + #""volume":"db"},{"message":"no space left on device","node":"node3","volume":"media"}],"#
      + #""job":"backup-nightly","kind":"jobFailed","run":"r-0509-0300","#
      + #""summary":"2 of 5 volumes were not backed up.","time":"2026-05-09T03:03:07Z"},"#
      + #""tags":["rotating_light","skep","failed"],"title":"backup-nightly failed: db on node2, media on node3","#
      + #""topic":"homelab-alerts"}"#
    #expect(String(decoding: json, as: UTF8.self) == expected)
  }

  @Test func webhookWithoutTopicOrItemsLeavesThemOut() throws {
    let json = String(decoding: try WebhookPayload(Samples.succeeded, topic: nil).json(), as: UTF8.self)
    #expect(!json.contains("\"topic\""))
    #expect(json.contains(#""items":[]"#))
    #expect(json.contains(#""priority":2"#))
    #expect(json.contains(#""tags":["white_check_mark","skep","succeeded"]"#))
    let stale = String(decoding: try WebhookPayload(Samples.stale, topic: "t").json(), as: UTF8.self)
    #expect(
      stale.contains(#""items":[{"message":"newest snapshot 2026-05-06T02:00:00Z (3 days old)","volume":"photos"}]"#))
    #expect(stale.contains(#""title":"stale snapshot: photos""#))
  }

  @Test func mailHeadersForTheNotification() {
    let message = MailMessage(
      Samples.failed, from: "skep@lab.example", to: ["ops@lab.example", "me@lab.example"])
    let text = message.rendered(encoding: .eightBit)
    let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
    #expect(
      Array(headers.prefix(4)) == [
        "From: skep@lab.example",
        "To: ops@lab.example, me@lab.example",
        "Subject: [skep] backup-nightly failed: db on node2, media on node3",
        "Date: Sat, 09 May 2026 03:03:07 +0000",
      ])
    #expect(headers.contains("Message-ID: <\(message.messageID)>"))
    #expect(message.messageID.hasSuffix("@lab.example"))
    #expect(headers.contains("MIME-Version: 1.0"))
    #expect(headers.contains("Content-Type: text/plain; charset=utf-8"))
    #expect(headers.contains("Content-Transfer-Encoding: 8bit"))
  }
}
