import Testing

@testable import Notify

@Suite struct SMTPReplyTests {
  @Test func multiLineReplyAndCapabilities() throws {
    var parser = SMTPReplyParser()
    #expect(try parser.feed("250-sink.test Hello") == nil)
    #expect(try parser.feed("250-8BITMIME") == nil)
    #expect(try parser.feed("250-auth plain LOGIN") == nil)
    let reply = try #require(try parser.feed("250 STARTTLS"))
    #expect(reply.code == 250)
    #expect(reply.lines == ["sink.test Hello", "8BITMIME", "auth plain LOGIN", "STARTTLS"])
    #expect(reply.capabilities == ["8BITMIME": [], "AUTH": ["PLAIN", "LOGIN"], "STARTTLS": []])
    let next = try #require(try parser.feed("354"))
    #expect(next.code == 354 && next.lines == [""])
  }

  @Test func malformedLinesAreErrors() {
    var parser = SMTPReplyParser()
    #expect(throws: SMTPReplyParser.ParseError.self) { try parser.feed("HTTP/1.1 400 Bad Request") }
    var mixed = SMTPReplyParser()
    #expect(throws: SMTPReplyParser.ParseError.self) {
      _ = try mixed.feed("250-one")
      _ = try mixed.feed("550 two")
    }
  }
}
