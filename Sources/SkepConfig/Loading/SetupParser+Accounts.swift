import Yams

extension SetupParser {
  static func parseAdmin(_ node: Node, file: String) throws(InventoryError) -> SetupSection.Admin {
    let admin = try Fields.part(node, key: "admin", example: "user: ops", allowed: SetupSection.Admin.keys, file: file)
    let user = try admin.required(
      admin.text("user", .adminUser), "user", meaning: "the administrator's Unix user name, like ops")
    let keys = try admin.required(
      admin.list("ssh_keys", of: .sshKey, example: "[\"ssh-ed25519 AAAA… me@laptop\"]"), "ssh_keys",
      meaning: "the public keys that may log in as this user")
    return SetupSection.Admin(
      user: user.value, sshKeys: keys.value.map(\.value), sudo: try admin.bool("sudo")?.value ?? true,
      location: admin.location)
  }

  /// `mail_relay`: `user` and `password_file` go together: msmtp logs in with both, and with a user but no password
  /// it would prompt for one.
  static func parseMailRelay(_ node: Node, file: String) throws(InventoryError) -> SetupSection.MailRelay {
    typealias Relay = SetupSection.MailRelay
    let relay = try Fields.part(
      node, key: "mail_relay", example: "host: smtp.example.org", allowed: Relay.keys, file: file)
    let host = try relay.required(relay.text("host", .host), "host", meaning: "the mail server, like smtp.example.org")
    let port = try relay.integer("port", in: 1...65_535)
    let from = try relay.required(
      relay.text("from", .mailAddress), "from", meaning: "the sender address, like pi@example.org")
    let user = try relay.text("user", .login)
    let passwordFile = try relay.text("password_file", .absolutePath)
    if let passwordFile, user == nil {
      throw InventoryError(
        location: passwordFile.location,
        message: "\(relay.what("password_file")) needs 'user' in setup.mail_relay: msmtp sends the password only"
          + " with a login")
    }
    if let user, passwordFile == nil {
      throw InventoryError(
        location: user.location,
        message: "\(relay.what("user")) needs 'password_file' in setup.mail_relay: with a login but no password"
          + " msmtp would prompt for one")
    }
    let tls = try relay.choice("tls", among: Relay.tlsModes)?.value ?? "starttls"
    return Relay(
      host: host.value, port: port?.value ?? (tls == "tls" ? 465 : 587), from: from.value, user: user?.value,
      passwordFile: passwordFile?.value, tls: tls, location: relay.location)
  }
}
