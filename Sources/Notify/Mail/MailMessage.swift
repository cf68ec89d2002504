import Foundation

/// One plain-text mail: what goes into the envelope (MAIL FROM / RCPT TO) and into DATA.
public struct MailMessage: Sendable, Hashable {
  /// The sender address (`user@domain`, no display name).
  public var from: String
  /// The recipients; every one gets a RCPT TO and appears in the To header.
  public var to: [String]
  public var subject: String
  /// UTF-8 text; any line endings (they are sent as CRLF).
  public var body: String
  public var date: Date
  /// Without angle brackets: `id@domain`.
  public var messageID: String

  public init(
    from: String, to: [String], subject: String, body: String, date: Date = Date(), messageID: String? = nil
  ) {
    self.from = from
    self.to = to
    self.subject = subject
    self.body = body
    self.date = date
    let domain = from.split(separator: "@").last.map(String.init) ?? "skep.invalid"
    self.messageID = messageID ?? "\(UUID().uuidString.lowercased())@\(domain)"
  }

  /// The mail for a notification: `MailContent`'s subject and body, dated when the run finished.
  public init(_ notification: Notification, from: String, to: [String]) {
    let content = MailContent(notification)
    self.init(from: from, to: to, subject: content.subject, body: content.body, date: notification.time)
  }

  /// How the body travels.
  public enum TransferEncoding: String, Sendable {
    /// Raw UTF-8; only when the server announced `8BITMIME` and no line is longer than 998 octets.
    case eightBit = "8bit"
    /// RFC 2045 §6.7, safe over any SMTP server.
    case quotedPrintable = "quoted-printable"
  }

  /// `8bit` when the server takes it and every line fits, else `quoted-printable`.
  public func transferEncoding(serverSupports8BitMIME: Bool) -> TransferEncoding {
    let fits = MailText.lines(body).allSatisfy { $0.utf8.count <= 998 }
    return serverSupports8BitMIME && fits ? .eightBit : .quotedPrintable
  }

  /// The headers and body as they go into DATA: CRLF line endings, no dot-stuffing, no final ".".
  public func rendered(encoding: TransferEncoding) -> String {
    let headers = [
      "From: " + MailText.headerValue(from),
      "To: " + to.map(MailText.headerValue).joined(separator: ", "),
      "Subject: " + MailText.encodedWord(MailText.headerValue(subject)),
      "Date: " + DateText.rfc5322(date),
      "Message-ID: <" + MailText.headerValue(messageID) + ">",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: " + encoding.rawValue,
      "X-Mailer: skep",
    ]
    let bodyLines: [String]
    switch encoding {
    case .eightBit: bodyLines = MailText.lines(body)
    case .quotedPrintable: bodyLines = MailText.quotedPrintable(body)
    }
    return (headers + [""] + bodyLines).joined(separator: "\r\n") + "\r\n"
  }

  /// What is written after DATA's 354: the rendered message dot-stuffed (RFC 5321 §4.5.2), ending in CRLF.CRLF.
  public func dataPayload(encoding: TransferEncoding) -> String {
    MailText.dotStuffed(rendered(encoding: encoding)) + ".\r\n"
  }
}
