import Foundation
import Testing

@testable import Notify

@Suite struct MailTextTests {
  @Test func dotStuffingAndCRLF() {
    let body = ".hidden\nplain\r\n..two\r.\nlast"
    #expect(MailText.dotStuffed(body) == "..hidden\r\nplain\r\n...two\r\n..\r\nlast\r\n")
  }

  @Test func dataPayloadEndsOnceAndNoLineEndsDataEarly() {
    let message = MailMessage(
      from: "a@b.example", to: ["c@d.example"], subject: "s", body: "one\n.\ntwo\n", date: Samples.time,
      messageID: "id@b.example")
    let payload = message.dataPayload(encoding: .eightBit)
    #expect(payload.hasSuffix("\r\none\r\n..\r\ntwo\r\n.\r\n"))
    #expect(payload.components(separatedBy: "\r\n.\r\n").count == 2)
    // No bare LF or CR anywhere.
    #expect(!payload.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    #expect(!payload.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
  }

  @Test func quotedPrintable() {
    #expect(MailText.quotedPrintable("Grüße = 100% \nend\t") == ["Gr=C3=BC=C3=9Fe =3D 100%=20", "end=09"])
    let long = String(repeating: "a", count: 80) + "é"
    let lines = MailText.quotedPrintable(long)
    #expect(lines == [String(repeating: "a", count: 75) + "=", "aaaaa=C3=A9"])
    #expect(lines.allSatisfy { $0.count <= 76 })
  }

  @Test func encodingFollowsTheServer() {
    let message = MailMessage(from: "a@b.example", to: ["c@d.example"], subject: "s", body: "ok")
    #expect(message.transferEncoding(serverSupports8BitMIME: true) == .eightBit)
    #expect(message.transferEncoding(serverSupports8BitMIME: false) == .quotedPrintable)
    let long = MailMessage(
      from: "a@b.example", to: ["c@d.example"], subject: "s", body: String(repeating: "x", count: 999))
    #expect(long.transferEncoding(serverSupports8BitMIME: true) == .quotedPrintable)
    #expect(message.rendered(encoding: .quotedPrintable).contains("Content-Transfer-Encoding: quoted-printable\r\n"))
  }

  @Test func nonASCIISubjectBecomesEncodedWords() throws {
    let subject = "[skep] sauvegarde échouée: " + String(repeating: "données ", count: 6)
    let encoded = MailText.encodedWord(subject)
    let words = encoded.components(separatedBy: "\r\n ")
    #expect(words.count > 1)
    var decoded = Data()
    for word in words {
      #expect(word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?=") && word.count <= 75)
      decoded.append(try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))))
    }
    #expect(String(decoding: decoded, as: UTF8.self) == subject)
    #expect(MailText.encodedWord("plain ascii") == "plain ascii")
  }

  @Test func headerInjectionIsFlattened() {
    let message = MailMessage(
      from: "a@b.example", to: ["c@d.example"], subject: "hi\r\nBcc: victim@example.org", body: "x")
    let text = message.rendered(encoding: .eightBit)
    #expect(text.contains("Subject: hi Bcc: victim@example.org\r\n"))
    #expect(!text.contains("\r\nBcc:"))
  }
}
