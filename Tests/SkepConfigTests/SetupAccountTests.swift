import Foundation
import SkepConfig
import Testing

/// The rules of `setup.logrotate`, `setup.admin` and `setup.mail_relay`.
@Suite struct SetupAccountTests {
  static let logPath = "an absolute path or glob without spaces, quotes, '{' or '}' (like /var/log/app/*.log)"

  @Test func logrotateMustBeANonEmptyListOfMappings() {
    Setup.expectFailure(
      ["logrotate: {paths: [/var/log/a.log]}"], at: "skep.yml:7:14",
      "'setup.logrotate' must be a list of rules (each starting with '- paths:'), found a mapping")
    Setup.expectFailure(
      ["logrotate: []"], at: "skep.yml:7:14", "'setup.logrotate' is empty; expected at least one rule")
    Setup.expectFailure(
      ["logrotate:", "  - paths: [/var/log/a.log]", "  - /var/log/b.log"], at: "skep.yml:9:7",
      "logrotate rule #2 must be a mapping (like 'paths: [/var/log/app/*.log]'), found '/var/log/b.log'")
  }

  @Test func logrotatePathsAreRequiredAbsoluteAndPlain() {
    Setup.expectFailure(
      ["logrotate:", "  - rotate: 3"], at: "skep.yml:8:7",
      "logrotate rule #1 is missing required key 'paths' (absolute paths or globs of the log files)")
    for path in ["var/log/a.log", "/var/log/my app.log", "/var/log/{a,b}.log", "/var/log/\\\"a\\\".log"] {
      let found = path.replacingOccurrences(of: "\\\"", with: "\"")
      Setup.expectFailure(
        ["logrotate:", "  - paths: [\"\(path)\"]"], at: "skep.yml:8:15",
        "each entry of 'paths' of logrotate rule #1 must be \(Self.logPath), found '\(found)'")
    }
    Setup.expectFailure(
      ["logrotate:", "  - paths: []"], at: "skep.yml:8:14",
      "'paths' of logrotate rule #1 is empty; expected at least one entry (like [/var/log/app/*.log])")
  }

  @Test func aPathIsRotatedByOneRuleOnly() {
    Setup.expectFailure(
      ["logrotate:", "  - paths: [/var/log/a.log, /var/log/a.log]"], at: "skep.yml:8:31",
      "duplicate entry '/var/log/a.log' in 'paths' of logrotate rule #1 (first at skep.yml:8:15)")
    Setup.expectFailure(
      ["logrotate:", "  - paths: [/var/log/a.log]", "  - paths: [/var/log/b.log, /var/log/a.log]"],
      at: "skep.yml:9:31",
      "'/var/log/a.log' is already in logrotate rule #1 (at skep.yml:8:15); logrotate refuses a file listed twice")
  }

  @Test func logrotateValues() throws {
    let rules = try Setup.section(
      "logrotate:", "  - {paths: [/a.log], frequency: monthly, rotate: 365, max_size: 100k}")
    #expect(rules.logrotate?.first?.frequency == "monthly" && rules.logrotate?.first?.rotate == 365)
    #expect(rules.logrotate?.first?.maxSize == "100k")
    let rule = ["logrotate:", "  - paths: [/a.log]"]
    Setup.expectFailure(
      rule + ["    frequency: hourly"], at: "skep.yml:9:18",
      "'frequency' of logrotate rule #1 must be one of daily, weekly, monthly, found 'hourly'")
    for rotate in ["0", "366"] {
      Setup.expectFailure(
        rule + ["    rotate: \(rotate)"], at: "skep.yml:9:15",
        "'rotate' of logrotate rule #1 must be an integer from 1 to 365, found '\(rotate)'")
    }
    for size in ["50MB", "50m", "1K", "1.5M", "M"] {
      Setup.expectFailure(
        rule + ["    max_size: \(size)"], at: "skep.yml:9:17",
        "'max_size' of logrotate rule #1 must be a logrotate size: digits then optionally k, M or G (like 100k or"
          + " 50M), found '\(size)'")
    }
    Setup.expectFailure(
      rule + ["    compress: gzip"], at: "skep.yml:9:17",
      "'compress' of logrotate rule #1 must be true or false, found 'gzip'")
  }

  static let sshKey =
    "one public key line: a key type, the key in base64 and an optional comment (like 'ssh-ed25519"
    + " AAAAC3NzaC1lZDI1NTE5AAAAI… me@laptop')"

  @Test func adminNeedsAUserOtherThanRootAndKeys() throws {
    let admin = try Setup.section("admin:", "  user: ops", "  ssh_keys:", "    - \(Setup.ed25519Key)").admin
    #expect(admin == SetupSection.Admin(user: "ops", sshKeys: [Setup.ed25519Key], location: Setup.at(8, 5)))
    Setup.expectFailure(
      ["admin:", "  ssh_keys: [\"\(Setup.ed25519Key)\"]"], at: "skep.yml:8:5",
      "setup.admin is missing required key 'user' (the administrator's Unix user name, like ops)")
    Setup.expectFailure(
      ["admin:", "  user: ops"], at: "skep.yml:8:5",
      "setup.admin is missing required key 'ssh_keys' (the public keys that may log in as this user)")
    for user in ["root", "Ops"] {
      Setup.expectFailure(
        ["admin:", "  user: \(user)"], at: "skep.yml:8:11",
        "'setup.admin.user' must be a Unix user name other than root (lowercase letters, digits, '_' or '-',"
          + " starting with a letter or '_', at most 32 characters), found '\(user)'")
    }
    Setup.expectFailure(
      ["admin:", "  user: ops", "  ssh_keys: []"], at: "skep.yml:9:15",
      "'setup.admin.ssh_keys' is empty; expected at least one entry (like [\"ssh-ed25519 AAAA… me@laptop\"])")
    Setup.expectFailure(
      ["admin:", "  user: ops", "  ssh_keys: [\"\(Setup.ed25519Key)\"]", "  sudo: yes"], at: "skep.yml:10:11",
      "'setup.admin.sudo' must be true or false, found 'yes'")
  }

  @Test func sshKeysOfEveryAcceptedType() throws {
    let blob = { (type: String) in
      var data = Data([0, 0, 0, UInt8(type.utf8.count)] + Array(type.utf8))
      data.append(contentsOf: [0, 0, 0, 4, 1, 2, 3, 4])
      return "\(type) \(data.base64EncodedString())"
    }
    let types = [
      "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
      "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]
    let keys = types.map(blob) + [Setup.ecdsaKey, "\(blob("ssh-rsa")) me@laptop with spaces"]
    let admin = try Setup.section(["admin:", "  user: ops", "  ssh_keys:"] + keys.map { "    - \($0)" })
    #expect(admin.admin?.sshKeys == keys)
  }

  @Test func sshKeysAreRefusedWithTheReason() {
    let ed25519Data = "AAAAC3NzaC1lZDI1NTE5AAAAIH9lRmhX7LNaRt74xS64fhCEbUH4hiQOHLrK0miya/aq"
    let cases = [
      (
        "ssh-dss AAAAB3NzaC1kc3M=",
        "the type must be one of ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256,"
          + " ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com"
      ),
      (
        "AAAAC3NzaC1lZDI1NTE5",
        "the type must be one of ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256,"
          + " ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com"
      ),
      ("ssh-ed25519", "the key after 'ssh-ed25519' is not base64"),
      ("ssh-ed25519 not!base64", "the key after 'ssh-ed25519' is not base64"),
      ("ssh-ed25519 AAAAC3Nz", "the key after 'ssh-ed25519' is cut short"),
      ("ssh-rsa \(ed25519Data) me@laptop", "its base64 data is a 'ssh-ed25519' key, not 'ssh-rsa'"),
    ]
    for (key, reason) in cases {
      Setup.expectFailure(
        ["admin:", "  user: ops", "  ssh_keys:", "    - \(key)"], at: "skep.yml:10:9",
        "each entry of 'setup.admin.ssh_keys' must be \(Self.sshKey), found '\(key)'; \(reason)")
    }
    Setup.expectFailure(
      ["admin:", "  user: ops", "  ssh_keys:", "    - \"\(Setup.ed25519Key)\\n\(Setup.ecdsaKey)\""],
      at: "skep.yml:10:9",
      "each entry of 'setup.admin.ssh_keys' must be \(Self.sshKey), found '\(Setup.ed25519Key)\n\(Setup.ecdsaKey)';"
        + " write one key per entry, on one line")
    Setup.expectFailure(
      ["admin:", "  user: ops", "  ssh_keys:", "    - \(Setup.ed25519Key)", "    - \(Setup.ed25519Key)"],
      at: "skep.yml:11:9",
      "duplicate entry '\(Setup.ed25519Key)' in 'setup.admin.ssh_keys' (first at skep.yml:10:9)")
  }

  @Test func mailRelayRequiredKeys() {
    Setup.expectFailure(
      ["mail_relay:", "  from: pi@lab.lan"], at: "skep.yml:8:5",
      "setup.mail_relay is missing required key 'host' (the mail server, like smtp.example.org)")
    Setup.expectFailure(
      ["mail_relay:", "  host: smtp.lan"], at: "skep.yml:8:5",
      "setup.mail_relay is missing required key 'from' (the sender address, like pi@example.org)")
  }

  @Test(arguments: ["smtp.example.org", "192.168.1.5", "fd00::25", "::1", "2001:db8::192.168.1.5", "mail"])
  func mailHostAccepted(host: String) throws {
    #expect(try Setup.section("mail_relay: {host: \"\(host)\", from: a@b.lan}").mailRelay?.host == host)
  }

  @Test(arguments: ["smtp_example.org", "smtp.example.org:587", "[fd00::25]", "fd00:::25", "1:2:3:4:5:6:7:8:9", ""])
  func mailHostRefused(host: String) {
    Setup.expectFailure(
      ["mail_relay:", "  host: \"\(host)\"", "  from: a@b.lan"], at: "skep.yml:8:11",
      "'setup.mail_relay.host' must be a host name or IP address (like smtp.example.org), found '\(host)'")
  }

  @Test func mailRelayValues() {
    let relay = ["mail_relay:", "  host: smtp.lan"]
    for from in ["pi", "a@b@c", "@lab.lan", "pi@", "Pi <pi@lab.lan>"] {
      Setup.expectFailure(
        relay + ["  from: \"\(from)\""], at: "skep.yml:9:11",
        "'setup.mail_relay.from' must be an email address (like pi@example.org), found '\(from)'")
    }
    Setup.expectFailure(
      relay + ["  port: 0", "  from: a@b.lan"], at: "skep.yml:9:11",
      "'setup.mail_relay.port' must be an integer from 1 to 65535, found '0'")
    Setup.expectFailure(
      relay + ["  from: a@b.lan", "  tls: ssl"], at: "skep.yml:10:10",
      "'setup.mail_relay.tls' must be one of starttls, tls, off, found 'ssl'")
    Setup.expectFailure(
      relay + ["  from: a@b.lan", "  user: \"\"", "  password_file: /p"], at: "skep.yml:10:11",
      "'setup.mail_relay.user' must be a non-empty single-line login, found ''")
    Setup.expectFailure(
      relay + ["  from: a@b.lan", "  user: pi", "  password_file: secret.txt"], at: "skep.yml:11:20",
      "'setup.mail_relay.password_file' must be an absolute path, found 'secret.txt'")
  }

  @Test func userAndPasswordFileGoTogether() throws {
    let both = try Setup.section("mail_relay: {host: h.lan, from: a@b.lan, user: a@b.lan, password_file: /p}")
    #expect(both.mailRelay?.user == "a@b.lan" && both.mailRelay?.passwordFile == "/p")
    Setup.expectFailure(
      ["mail_relay:", "  host: smtp.lan", "  from: a@b.lan", "  password_file: /home/me/smtp"], at: "skep.yml:10:20",
      "'setup.mail_relay.password_file' needs 'user' in setup.mail_relay: msmtp sends the password only with a login")
    Setup.expectFailure(
      ["mail_relay:", "  host: smtp.lan", "  from: a@b.lan", "  user: pi"], at: "skep.yml:10:11",
      "'setup.mail_relay.user' needs 'password_file' in setup.mail_relay: with a login but no password msmtp would"
        + " prompt for one")
  }
}
