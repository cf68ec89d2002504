import Foundation
import Testing

@testable import Notify

@Suite struct SecretTests {
  @Test func readDropsOneTrailingNewline() throws {
    let directory = FileManager.default.temporaryDirectory.path + "/skep-secret-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "hunter2\n\n".write(toFile: directory + "/two", atomically: true, encoding: .utf8)
    try "hunter2\r\n".write(toFile: directory + "/crlf", atomically: true, encoding: .utf8)
    try " spaced ".write(toFile: directory + "/spaced", atomically: true, encoding: .utf8)
    try "\n".write(toFile: directory + "/empty", atomically: true, encoding: .utf8)
    #expect(try Secret.read(file: directory + "/two").value == "hunter2\n")
    #expect(try Secret.read(file: directory + "/crlf").value == "hunter2")
    #expect(try Secret.read(file: directory + "/spaced").value == " spaced ")
    let empty = #expect(throws: SecretFileError.self) { try Secret.read(file: directory + "/empty") }
    #expect(empty?.description == "cannot read secret file \(directory)/empty: it is empty")
    let missing = #expect(throws: SecretFileError.self) { try Secret.read(file: directory + "/smtp_password") }
    #expect(missing?.description.contains("\(directory)/smtp_password: it does not exist") == true)
  }

  @Test func neverPrinted() {
    let secret = Secret("hunter2")
    var dumped = ""
    dump(secret, to: &dumped)
    let settings = SMTPSettings(
      host: "mail.example", username: "alerts", password: secret, from: "a@b.example", to: ["c@d.example"])
    var dumpedSettings = ""
    dump(settings, to: &dumpedSettings)
    for text in [
      "\(secret)", String(reflecting: secret), dumped, "\(settings)", dumpedSettings,
      "\(WebhookSettings(url: "https://ntfy.example/", token: secret))",
    ] {
      #expect(!text.contains("hunter2"), "\(text)")
    }
    #expect("\(settings)" == "smtp://alerts@mail.example:587 (starttls)")
  }

  @Test func redactorScrubsValueAndBase64() {
    let redactor = Redactor([Secret("hunter2"), nil])
    #expect(redactor.scrub("bad hunter2 aHVudGVyMg==") == "bad <redacted> <redacted>")
  }
}
