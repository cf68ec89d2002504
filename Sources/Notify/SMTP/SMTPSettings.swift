import NIOCore

/// Where and how to hand mail to an SMTP server.
public struct SMTPSettings: Sendable, CustomStringConvertible {
  /// How the connection is secured.
  public enum TLSMode: String, Sendable, CaseIterable {
    /// Plain connection upgraded with STARTTLS (required: a server that does not offer it is an error). Port 587.
    case starttls
    /// TLS from the first byte ("implicit TLS", SMTPS). Port 465.
    case tls
    /// No TLS at all: a relay or sink on the same host or a trusted network. Port 25.
    case off
  }

  public var host: String
  public var port: Int
  public var tls: TLSMode
  /// For AUTH; with `password`. AUTH is only sent over TLS unless `allowAuthWithoutTLS`.
  public var username: String?
  public var password: Secret?
  /// Lets AUTH go over a connection without TLS (a relay on localhost): the password then crosses in clear text.
  public var allowAuthWithoutTLS: Bool
  /// PEM CA file to trust instead of the system roots.
  public var caFile: String?
  /// The envelope sender and From header.
  public var from: String
  /// The recipients (RCPT TO each, and the To header).
  public var to: [String]
  /// The name we give in EHLO; nil (the default) gives our address as a literal, `[192.0.2.10]`.
  public var heloName: String?
  public var connectTimeout: TimeAmount
  /// How long each reply may take (RFC 5321 §4.5.3.2 suggests minutes; a home relay answers in milliseconds).
  public var replyTimeout: TimeAmount

  /// - Parameter port: defaults by `tls`: 587 for `starttls`, 465 for `tls`, 25 for `off`.
  public init(
    host: String, port: Int? = nil, tls: TLSMode = .starttls, username: String? = nil, password: Secret? = nil,
    allowAuthWithoutTLS: Bool = false, caFile: String? = nil, from: String, to: [String], heloName: String? = nil,
    connectTimeout: TimeAmount = .seconds(10), replyTimeout: TimeAmount = .seconds(60)
  ) {
    self.host = host
    self.tls = tls
    switch tls {
    case .starttls: self.port = port ?? 587
    case .tls: self.port = port ?? 465
    case .off: self.port = port ?? 25
    }
    self.username = username
    self.password = password
    self.allowAuthWithoutTLS = allowAuthWithoutTLS
    self.caFile = caFile
    self.from = from
    self.to = to
    self.heloName = heloName
    self.connectTimeout = connectTimeout
    self.replyTimeout = replyTimeout
  }

  /// "smtp://alerts@mail.example:587 (starttls)" — never the password.
  public var description: String {
    let user = username.map { $0 + "@" } ?? ""
    return "smtp://\(user)\(host):\(port) (\(tls.rawValue))"
  }
}
