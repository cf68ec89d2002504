/// The `control:` section of `skep.yml`: how the `skep-control` service (scheduler, dashboard, notifications) is
/// published, when a volume's backup counts as stale, and where notifications go.
///
/// The loader has checked every value. File paths are absolute: a relative path as written is resolved against the
/// folder of the inventory file (against the current directory when the inventory's own path is relative). The
/// loader does not read the files; the CLI does when it needs them.
public struct ControlSection: Sendable, Hashable {
  /// `port`: the TCP port the dashboard is published on (host mode) on the manager running skep-control.
  public var port: Int
  /// `password_file`: the file holding the dashboard and API password; nil when not written (`skep control deploy`
  /// then generates one).
  public var passwordFile: String?
  /// `stale_after`, in seconds: a volume whose newest snapshot is older is marked on the dashboard and notified.
  public var staleAfter: Int
  /// `notify:` what is notified, and where to.
  public var notify: Notify
  /// Where the section starts.
  public var location: SourceLocation

  /// The keys of the section, in the order docs/inventory.md lists them.
  public static let keys = ["port", "password_file", "stale_after", "notify"]
  /// `port` when not written.
  public static let defaultPort = 8484
  /// `stale_after` when not written: 36 hours, so one missed daily backup is noticed before the second.
  public static let defaultStaleAfter = 129_600

  /// Creates a section.
  public init(
    port: Int = ControlSection.defaultPort, passwordFile: String? = nil,
    staleAfter: Int = ControlSection.defaultStaleAfter, notify: Notify = Notify(), location: SourceLocation
  ) {
    self.port = port
    self.passwordFile = passwordFile
    self.staleAfter = staleAfter
    self.notify = notify
    self.location = location
  }
}

extension ControlSection {
  /// What skep-control can notify about.
  public enum Event: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A job run failed.
    case failure
    /// A job run succeeded.
    case success
    /// A volume's newest snapshot became older than `stale_after`.
    case stale

    /// The name as `skep.yml` writes it.
    public var description: String { rawValue }
  }

  /// `notify:` which events are sent, by mail and to a webhook. Nothing is sent without `mail` or `webhook`.
  public struct Notify: Sendable, Hashable {
    /// `on`: the events that are sent; empty sends nothing.
    public var on: Set<Event>
    /// `mail:` where mail goes, when written.
    public var mail: Mail?
    /// `webhook:` where the HTTP POST goes, when written.
    public var webhook: Webhook?

    /// The keys, in documentation order.
    public static let keys = ["on", "mail", "webhook"]
    /// `on` when not written.
    public static let defaultOn: Set<Event> = [.failure, .stale]

    /// Creates the notification settings.
    public init(on: Set<Event> = Notify.defaultOn, mail: Mail? = nil, webhook: Webhook? = nil) {
      self.on = on
      self.mail = mail
      self.webhook = webhook
    }
  }

  /// How the connection to the mail server is secured.
  public enum MailTLS: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Plain SMTP upgraded with STARTTLS (port 587).
    case starttls
    /// Implicit TLS from the first byte (port 465).
    case tls
    /// No encryption (port 25).
    case off

    /// The port used when `port` is not written.
    public var defaultPort: Int {
      switch self {
      case .starttls: 587
      case .tls: 465
      case .off: 25
      }
    }

    /// The name as `skep.yml` writes it.
    public var description: String { rawValue }
  }

  /// `notify.mail`: the SMTP server and the addresses.
  public struct Mail: Sendable, Hashable {
    /// `host`: the mail server's host name or IP address.
    public var host: String
    /// `port`: as written, else the default of `tls`.
    public var port: Int
    /// `tls`: default `starttls`.
    public var tls: MailTLS
    /// `from`: the sender address.
    public var from: String
    /// `to`: the recipients, at least one, in file order.
    public var to: [String]
    /// `user`: the login, if the server wants one.
    public var user: String?
    /// `password_file`: the file holding the login's password (only with `user`).
    public var passwordFile: String?
    /// `helo`: the name skep-control greets the server with; nil lets the mail client pick.
    public var helo: String?
    /// Location of the `mail` mapping.
    public var location: SourceLocation

    /// The keys, in documentation order.
    public static let keys = ["host", "port", "tls", "from", "to", "user", "password_file", "helo"]

    /// Creates mail settings.
    public init(
      host: String, port: Int, tls: MailTLS = .starttls, from: String, to: [String], user: String? = nil,
      passwordFile: String? = nil, helo: String? = nil, location: SourceLocation
    ) {
      self.host = host
      self.port = port
      self.tls = tls
      self.from = from
      self.to = to
      self.user = user
      self.passwordFile = passwordFile
      self.helo = helo
      self.location = location
    }
  }

  /// `notify.webhook`: an HTTP endpoint each notification is POSTed to (like an ntfy topic).
  public struct Webhook: Sendable, Hashable {
    /// `url`: an `http://` or `https://` URL.
    public var url: String
    /// `topic`: the ntfy topic, sent in the JSON (ntfy's JSON publishing: `url` is then the server's root); nil for
    /// a receiver that is not ntfy, or an ntfy URL that names the topic itself.
    public var topic: String?
    /// `token_file`: the file holding the access token sent with each request; nil sends none.
    public var tokenFile: String?
    /// Location of the `webhook` mapping.
    public var location: SourceLocation

    /// The keys, in documentation order.
    public static let keys = ["url", "topic", "token_file"]

    /// Creates webhook settings.
    public init(url: String, topic: String? = nil, tokenFile: String? = nil, location: SourceLocation) {
      self.url = url
      self.topic = topic
      self.tokenFile = tokenFile
      self.location = location
    }
  }
}
