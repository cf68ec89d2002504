import Foundation
import SkepConfig
import Testing

@Suite struct ControlSectionTests {
  /// `oneNode` plus a control section starting on line 6 (`control:`), its lines from line 7 at column 3.
  static func inventory(_ lines: String...) -> String {
    oneNode + "control:\n" + lines.map { "  " + $0 + "\n" }.joined()
  }

  /// The section of `yaml` loaded as `/lab/skep.yml`, so relative paths resolve under `/lab`.
  static func section(_ yaml: String, file: String = "/lab/skep.yml") throws -> ControlSection {
    try #require(try InventoryLoader.parse(yaml, file: file).control)
  }

  static func expectFailure(
    _ yaml: String, at location: String, _ message: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    guard let error = parseError(yaml) else {
      Issue.record("expected an error at \(location), but the inventory parsed", sourceLocation: sourceLocation)
      return
    }
    #expect(error.description == "\(location): error: \(message)", sourceLocation: sourceLocation)
  }

  static let duration = "whole seconds like 45, or whole numbers with unit h, m or s like 90s, 15m, 1h30m"

  @Test func documentedExampleParses() throws {
    let section = try Self.section(
      Self.inventory(
        "port: 8585", "password_file: control.password", "stale_after: 30h", "notify:", "  on: [failure, success]",
        "  mail:", "    host: 192.0.2.25", "    port: 2525", "    tls: off", "    from: skep@lab.example",
        "    to: [me@lab.example, you@lab.example]", "    user: lab", "    password_file: secrets/smtp.password",
        "    helo: lab.example", "  webhook:", "    url: http://ntfy.lab/skep", "    token_file: /etc/skep/ntfy.token"))
    #expect(section.port == 8585)
    #expect(section.passwordFile == "/lab/control.password")
    #expect(section.staleAfter == 30 * 3600)
    #expect(section.notify.on == [.failure, .success])
    #expect(
      section.notify.mail
        == ControlSection.Mail(
          host: "192.0.2.25", port: 2525, tls: .off, from: "skep@lab.example",
          to: ["me@lab.example", "you@lab.example"], user: "lab", passwordFile: "/lab/secrets/smtp.password",
          helo: "lab.example", location: SourceLocation(file: "/lab/skep.yml", line: 13, column: 7)))
    #expect(
      section.notify.webhook
        == ControlSection.Webhook(
          url: "http://ntfy.lab/skep", tokenFile: "/etc/skep/ntfy.token",
          location: SourceLocation(file: "/lab/skep.yml", line: 22, column: 7)))
    #expect(section.location.description == "/lab/skep.yml:7:3")
  }

  @Test func docsExampleParses() throws {
    let yaml =
      oneNode + """
        control:
          port: 8484
          password_file: control.password   # next to skep.yml
          stale_after: 36h
          notify:
            on: [failure, stale]
            mail:
              host: 192.0.2.25
              tls: starttls                  # port 587
              from: skep@lab.example
              to: [me@lab.example]
              user: lab
              password_file: smtp.password
              helo: lab.example
            webhook:
              url: http://ntfy.lab/skep
              token_file: ntfy.token

        """
    let section = try Self.section(yaml)
    #expect(section.port == 8484 && section.staleAfter == ControlSection.defaultStaleAfter)
    #expect(section.passwordFile == "/lab/control.password" && section.notify.on == [.failure, .stale])
    #expect(section.notify.mail?.port == 587 && section.notify.mail?.passwordFile == "/lab/smtp.password")
    #expect(section.notify.webhook?.tokenFile == "/lab/ntfy.token")
  }

  @Test func defaults() throws {
    #expect(try InventoryLoader.parse(oneNode, file: "skep.yml").control == nil)
    let section = try Self.section(Self.inventory("port: 8484"))
    #expect(section == ControlSection(location: SourceLocation(file: "/lab/skep.yml", line: 7, column: 3)))
    #expect(section.port == 8484 && section.passwordFile == nil && section.staleAfter == 129_600)
    #expect(section.notify.on == [.failure, .stale] && section.notify.mail == nil && section.notify.webhook == nil)
    #expect(try Self.section(oneNode + "control: {}\n").port == ControlSection.defaultPort)
    #expect(try Self.section(Self.inventory("notify: {on: []}")).notify.on.isEmpty)
  }

  @Test func mailDefaultsFollowTLS() throws {
    let mail = "mail: {host: smtp.lab, from: skep@lab.example, to: me@lab.example"
    let starttls = try #require(try Self.section(Self.inventory("notify:", "  \(mail)}")).notify.mail)
    #expect(starttls.tls == .starttls && starttls.port == 587 && starttls.to == ["me@lab.example"])
    #expect(starttls.user == nil && starttls.passwordFile == nil && starttls.helo == nil)
    #expect(try Self.section(Self.inventory("notify:", "  \(mail), tls: tls}")).notify.mail?.port == 465)
    #expect(try Self.section(Self.inventory("notify:", "  \(mail), tls: off}")).notify.mail?.port == 25)
    #expect(try Self.section(Self.inventory("notify:", "  \(mail), user: lab}")).notify.mail?.user == "lab")
  }

  @Test func pathsResolveAgainstTheInventorysFolder() throws {
    let paths = Self.inventory(
      "password_file: ./keys//control.password", "notify:", "  webhook: {url: \"https://n.lab\", token_file: ../t}")
    #expect(try Self.section(paths).passwordFile == "/lab/keys/control.password")
    #expect(try Self.section(paths).notify.webhook?.tokenFile == "/lab/../t")
    #expect(try Self.section(paths, file: "/skep.yml").passwordFile == "/keys/control.password")
    let here = FileManager.default.currentDirectoryPath
    #expect(try Self.section(paths, file: "skep.yml").passwordFile == "\(here)/keys/control.password")
    #expect(try Self.section(paths, file: "lab/skep.yml").passwordFile == "\(here)/lab/keys/control.password")
    #expect(try Self.section(Self.inventory("password_file: /etc//skep/./pw")).passwordFile == "/etc/skep/pw")
  }

  @Test func sectionMustBeAMapping() {
    Self.expectFailure(
      oneNode + "control: 8484\n", at: "skep.yml:6:10",
      "'control' must be a mapping of how skep-control is published and notifies (like 'port: 8484'), found '8484'")
    Self.expectFailure(
      oneNode + "control:\n", at: "skep.yml:6:9",
      "'control' must be a mapping of how skep-control is published and notifies (like 'port: 8484'),"
        + " found an empty value")
  }

  @Test func unknownKeys() {
    Self.expectFailure(
      Self.inventory("staleafter: 1h"), at: "skep.yml:7:3",
      "unknown key 'staleafter' in control; did you mean 'stale_after'?")
    Self.expectFailure(
      Self.inventory("dashboard: {}"), at: "skep.yml:7:3",
      "unknown key 'dashboard' in control (expected one of: port, password_file, stale_after, notify)")
    Self.expectFailure(
      Self.inventory("notify:", "  email: {}"), at: "skep.yml:8:5",
      "unknown key 'email' in control.notify; did you mean 'mail'?")
    Self.expectFailure(
      Self.inventory("notify:", "  mail:", "    hots: smtp.lab"), at: "skep.yml:9:7",
      "unknown key 'hots' in control.notify.mail; did you mean 'host'?")
    Self.expectFailure(
      Self.inventory("notify:", "  webhook: {url: \"https://n.lab\", tokenfile: x}"), at: "skep.yml:8:37",
      "unknown key 'tokenfile' in control.notify.webhook; did you mean 'token_file'?")
  }

  @Test func types() {
    Self.expectFailure(
      Self.inventory("port: \"8484\""), at: "skep.yml:7:9",
      "'control.port' must be an integer from 1 to 65535, found '8484'")
    Self.expectFailure(
      Self.inventory("password_file: [a]"), at: "skep.yml:7:18",
      "'control.password_file' must be a file path (absolute, or relative to the inventory's folder), found a list")
    Self.expectFailure(
      Self.inventory("password_file: ~/pw"), at: "skep.yml:7:18",
      "'control.password_file' must be a file path (absolute, or relative to the inventory's folder), found '~/pw';"
        + " '~' is not expanded, write the full path or one relative to the inventory")
    Self.expectFailure(
      Self.inventory("notify: [failure]"), at: "skep.yml:7:11",
      "'control.notify' must be a mapping (like 'on: [failure, stale]'), found a list")
    Self.expectFailure(
      Self.inventory("notify:", "  mail: smtp.lab"), at: "skep.yml:8:11",
      "'control.notify.mail' must be a mapping (like 'host: smtp.example.org'), found 'smtp.lab'")
    Self.expectFailure(
      Self.inventory("notify:", "  webhook: https://n.lab"), at: "skep.yml:8:14",
      "'control.notify.webhook' must be a mapping (like 'url: https://ntfy.example.org/skep'), found 'https://n.lab'")
  }

  @Test func portRange() {
    for port in ["0", "65536", "-1"] {
      Self.expectFailure(
        Self.inventory("port: \(port)"), at: "skep.yml:7:9",
        "'control.port' must be an integer from 1 to 65535, found '\(port)'")
    }
    Self.expectFailure(
      Self.inventory("notify:", "  mail: {host: h.lab, port: 70000}"), at: "skep.yml:8:31",
      "'control.notify.mail.port' must be an integer from 1 to 65535, found '70000'")
  }

  @Test func staleAfter() throws {
    #expect(try Self.section(Self.inventory("stale_after: 90")).staleAfter == 90)
    #expect(try Self.section(Self.inventory("stale_after: 1h30m")).staleAfter == 5400)
    Self.expectFailure(
      Self.inventory("stale_after: 36 h"), at: "skep.yml:7:16",
      "'control.stale_after' must be a duration (\(Self.duration)), found '36 h'")
    Self.expectFailure(
      Self.inventory("stale_after:"), at: "skep.yml:7:15",
      "'control.stale_after' must be a duration (\(Self.duration)), found an empty value")
    Self.expectFailure(
      Self.inventory("stale_after: -1h"), at: "skep.yml:7:16", "'control.stale_after' must not be negative, found '-1h'"
    )
    Self.expectFailure(
      Self.inventory("stale_after: 99999999999999999999"), at: "skep.yml:7:16",
      "'control.stale_after' is too large, found '99999999999999999999'")
    Self.expectFailure(
      Self.inventory("stale_after: 0s"), at: "skep.yml:7:16",
      "'control.stale_after' must be more than 0 seconds: it is how old a volume's newest snapshot may get before"
        + " the volume counts as stale")
  }

  @Test func notifyOn() {
    Self.expectFailure(
      Self.inventory("notify:", "  on: failure"), at: "skep.yml:8:9",
      "'control.notify.on' must be a list of events (like [failure, stale]), found 'failure'")
    Self.expectFailure(
      Self.inventory("notify:", "  on: [failure, stail]"), at: "skep.yml:8:19",
      "each entry of 'control.notify.on' must be one of failure, success, stale, found 'stail'; did you mean 'stale'?")
    Self.expectFailure(
      Self.inventory("notify:", "  on: [restart]"), at: "skep.yml:8:10",
      "each entry of 'control.notify.on' must be one of failure, success, stale, found 'restart'")
    Self.expectFailure(
      Self.inventory("notify:", "  on:", "    - stale", "    - failure", "    - stale"), at: "skep.yml:11:9",
      "duplicate entry 'stale' in 'control.notify.on' (first at skep.yml:9:9)")
  }

  @Test func mailRequiredKeys() {
    Self.expectFailure(
      Self.inventory("notify:", "  mail:", "    from: skep@lab.example", "    to: me@lab.example"), at: "skep.yml:9:7",
      "control.notify.mail is missing required key 'host' (the mail server, like smtp.example.org)")
    Self.expectFailure(
      Self.inventory("notify:", "  mail: {host: smtp.lab, to: me@lab.example}"), at: "skep.yml:8:11",
      "control.notify.mail is missing required key 'from' (the sender address, like skep@example.org)")
    Self.expectFailure(
      Self.inventory("notify:", "  mail: {host: smtp.lab, from: skep@lab.example}"), at: "skep.yml:8:11",
      "control.notify.mail is missing required key 'to' (who gets the mail, like me@example.org)")
  }

  @Test func mailValues() {
    let mail = "  mail: {host: smtp.lab, from: skep@lab.example"
    Self.expectFailure(
      Self.inventory("notify:", "  mail: {host: smtp.lab, from: skep, to: me@lab.example}"), at: "skep.yml:8:34",
      "'control.notify.mail.from' must be an email address (like pi@example.org), found 'skep'")
    Self.expectFailure(
      Self.inventory("notify:", "\(mail), to: me}"), at: "skep.yml:8:56",
      "'control.notify.mail.to' must be an email address (like pi@example.org), found 'me'")
    Self.expectFailure(
      Self.inventory("notify:", "\(mail), to: [me@lab.example, you]}"), at: "skep.yml:8:73",
      "each entry of 'control.notify.mail.to' must be an email address (like pi@example.org), found 'you'")
    Self.expectFailure(
      Self.inventory("notify:", "\(mail), to: []}"), at: "skep.yml:8:56",
      "'control.notify.mail.to' is empty; expected at least one entry (like [me@example.org])")
    Self.expectFailure(
      Self.inventory("notify:", "\(mail), to: {me: x}}"), at: "skep.yml:8:56",
      "'control.notify.mail.to' must be an email address or a list of them (like [me@example.org]), found a mapping")
    Self.expectFailure(
      Self.inventory("notify:", "\(mail), to: a@b.lan, tls: ssl}"), at: "skep.yml:8:70",
      "'control.notify.mail.tls' must be one of starttls, tls, off, found 'ssl'")
    Self.expectFailure(
      Self.inventory("notify:", "  mail: {host: \"smtp.lab:25\"}"), at: "skep.yml:8:18",
      "'control.notify.mail.host' must be a host name or IP address (like smtp.example.org), found 'smtp.lab:25'")
  }

  @Test func passwordFileNeedsUser() throws {
    let mail = "mail: {host: smtp.lab, from: skep@lab.example, to: me@lab.example"
    Self.expectFailure(
      Self.inventory("notify:", "  \(mail), password_file: smtp.password}"), at: "skep.yml:8:87",
      "'control.notify.mail.password_file' needs 'user' in control.notify.mail: the password is only sent with a login"
    )
    let both = try Self.section(Self.inventory("notify:", "  \(mail), user: lab, password_file: smtp.password}"))
    #expect(both.notify.mail?.passwordFile == "/lab/smtp.password")
  }

  @Test func webhookURL() throws {
    let section = try Self.section(Self.inventory("notify:", "  webhook: {url: \"https://ntfy.lab:8080/skep?x=1\"}"))
    #expect(section.notify.webhook?.url == "https://ntfy.lab:8080/skep?x=1")
    #expect(section.notify.webhook?.tokenFile == nil)
    Self.expectFailure(
      Self.inventory("notify:", "  webhook: {token_file: t}"), at: "skep.yml:8:14",
      "control.notify.webhook is missing required key 'url' (where notifications are POSTed, like"
        + " https://ntfy.example.org/skep)")
    let expected = "must be an http:// or https:// URL (like https://ntfy.example.org/skep)"
    Self.expectFailure(
      Self.inventory("notify:", "  webhook: {url: ftp://ntfy.lab/skep}"), at: "skep.yml:8:20",
      "'control.notify.webhook.url' \(expected), found 'ftp://ntfy.lab/skep'")
    Self.expectFailure(
      Self.inventory("notify:", "  webhook: {url: ntfy.lab/skep}"), at: "skep.yml:8:20",
      "'control.notify.webhook.url' \(expected), found 'ntfy.lab/skep'; write the scheme too, like"
        + " 'https://ntfy.lab/skep'")
    Self.expectFailure(
      Self.inventory("notify:", "  webhook: {url: \"http://\"}"), at: "skep.yml:8:20",
      "'control.notify.webhook.url' \(expected), found 'http://'")
  }

  @Test func webhookTopic() throws {
    let section = try Self.section(Self.inventory("notify:", "  webhook: {url: \"https://ntfy.lab/\", topic: lab_1}"))
    #expect(section.notify.webhook?.topic == "lab_1")
    #expect(
      try Self.section(Self.inventory("notify:", "  webhook: {url: \"https://n.lab\"}")).notify.webhook?.topic == nil)
    Self.expectFailure(
      Self.inventory("notify:", "  webhook: {url: \"https://ntfy.lab/\", topic: a/b}"), at: "skep.yml:8:48",
      "'control.notify.webhook.topic' must be an ntfy topic: 1 to 64 letters, digits, '_' or '-', found 'a/b'")
  }
}
