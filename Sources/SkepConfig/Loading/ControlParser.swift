import Foundation
import Yams

/// Reads and checks the `control:` section in documentation order. It names keys in full (`'control.notify.mail.port'`)
/// with setup's `Fields`, and resolves file paths against the inventory's folder without reading the files.
enum ControlParser {
  typealias Fields = SetupParser.Fields
  typealias Mail = ControlSection.Mail

  static func parse(_ node: Node, file: String) throws(InventoryError) -> ControlSection {
    let control = Fields(
      try MappingReader(node, name: "control", file: file, allowed: ControlSection.keys), prefix: "control.")
    let folder = folder(of: file)
    var section = ControlSection(location: control.location)
    if let port = try control.integer("port", in: 1...65_535) { section.port = port.value }
    section.passwordFile = try path(control, "password_file", in: folder)?.value
    if let node = control.reader.value("stale_after") { section.staleAfter = try staleAfter(node, in: control) }
    if let node = control.reader.value("notify") { section.notify = try notify(node, file: file, folder: folder) }
    return section
  }

  static func staleAfter(_ node: Node, in control: Fields) throws(InventoryError) -> Int {
    let what = control.what("stale_after")
    let location = control.reader.location(of: node)
    guard case .scalar(let scalar) = node, !MappingReader.isNull(node) else {
      throw InventoryError(
        location: location,
        message: "\(what) must be a duration (\(DurationText.syntax)), found \(MappingReader.describe(node))")
    }
    switch DurationText.seconds(scalar.string) {
    case .success(let seconds) where seconds > 0:
      return seconds
    case .success:
      throw InventoryError(
        location: location,
        message: "\(what) must be more than 0 seconds: it is how old a volume's newest snapshot may get before the"
          + " volume counts as stale")
    case .failure(.negative):
      throw InventoryError(location: location, message: "\(what) must not be negative, found '\(scalar.string)'")
    case .failure(.tooLarge):
      throw InventoryError(location: location, message: "\(what) is too large, found '\(scalar.string)'")
    case .failure(.malformed):
      throw InventoryError(
        location: location, message: "\(what) must be a duration (\(DurationText.syntax)), found '\(scalar.string)'")
    }
  }

  static func notify(_ node: Node, file: String, folder: String) throws(InventoryError) -> ControlSection.Notify {
    let notify = try part(
      node, "control.notify", example: "on: [failure, stale]", allowed: ControlSection.Notify.keys, file: file)
    var result = ControlSection.Notify()
    if let node = notify.reader.value("on") { result.on = try events(node, in: notify) }
    if let node = notify.reader.value("mail") { result.mail = try mail(node, file: file, folder: folder) }
    if let node = notify.reader.value("webhook") { result.webhook = try webhook(node, file: file, folder: folder) }
    return result
  }

  /// `notify.on`: a list of events, none twice; an empty list sends nothing.
  static func events(_ node: Node, in notify: Fields) throws(InventoryError) -> Set<ControlSection.Event> {
    let what = notify.what("on")
    let names = ControlSection.Event.allCases.map(\.rawValue)
    guard case .sequence(let sequence) = node else {
      throw InventoryError(
        location: notify.reader.location(of: node),
        message: "\(what) must be a list of events (like [failure, stale]), found \(MappingReader.describe(node))")
    }
    var events: [ControlSection.Event: SourceLocation] = [:]
    for item in sequence {
      let location = notify.reader.location(of: item)
      guard case .scalar(let scalar) = item, let event = ControlSection.Event(rawValue: scalar.string) else {
        var message =
          "each entry of \(what) must be one of \(names.joined(separator: ", ")), found \(MappingReader.describe(item))"
        if case .scalar(let scalar) = item, let suggestion = Suggestion.closest(to: scalar.string, among: names) {
          message += "; did you mean '\(suggestion)'?"
        }
        throw InventoryError(location: location, message: message)
      }
      if let first = events[event] {
        throw InventoryError(location: location, message: "duplicate entry '\(event)' in \(what) (first at \(first))")
      }
      events[event] = location
    }
    return Set(events.keys)
  }

  /// `notify.mail`: `password_file` needs `user`, as the password is only ever sent with a login.
  static func mail(_ node: Node, file: String, folder: String) throws(InventoryError) -> Mail {
    let mail = try part(node, "control.notify.mail", example: "host: smtp.example.org", allowed: Mail.keys, file: file)
    let host = try mail.required(mail.text("host", .host), "host", meaning: "the mail server, like smtp.example.org")
    let port = try mail.integer("port", in: 1...65_535)
    let choice = try mail.choice("tls", among: ControlSection.MailTLS.allCases.map(\.rawValue))
    let tls = choice.flatMap { ControlSection.MailTLS(rawValue: $0.value) } ?? .starttls
    let from = try mail.required(
      mail.text("from", .mailAddress), "from", meaning: "the sender address, like skep@example.org")
    let to = try mail.required(recipients(mail), "to", meaning: "who gets the mail, like me@example.org")
    let user = try mail.text("user", .login)
    let passwordFile = try path(mail, "password_file", in: folder)
    if let passwordFile, user == nil {
      throw InventoryError(
        location: passwordFile.location,
        message: "\(mail.what("password_file")) needs 'user' in control.notify.mail: the password is only sent with"
          + " a login")
    }
    return Mail(
      host: host.value, port: port?.value ?? tls.defaultPort, tls: tls, from: from.value, to: to, user: user?.value,
      passwordFile: passwordFile?.value, helo: try mail.text("helo", .host)?.value, location: mail.location)
  }

  /// `mail.to`: one address, or a non-empty list of them with none twice.
  static func recipients(_ mail: Fields) throws(InventoryError) -> [String]? {
    guard let node = mail.reader.value("to") else { return nil }
    switch node {
    case .sequence:
      return try mail.list("to", of: .mailAddress, example: "[me@example.org]")?.value.map(\.value)
    case .scalar:
      return [try Fields.check(node, what: mail.what("to"), .mailAddress, file: mail.reader.file).value]
    default:
      throw InventoryError(
        location: mail.reader.location(of: node),
        message: "\(mail.what("to")) must be an email address or a list of them (like [me@example.org]), found "
          + MappingReader.describe(node))
    }
  }

  static func webhook(_ node: Node, file: String, folder: String) throws(InventoryError) -> ControlSection.Webhook {
    let webhook = try part(
      node, "control.notify.webhook", example: "url: https://ntfy.example.org/skep",
      allowed: ControlSection.Webhook.keys, file: file)
    let url = try webhook.required(
      webhook.text("url", webhookURL), "url",
      meaning: "where notifications are POSTed, like https://ntfy.example.org/skep")
    return ControlSection.Webhook(
      url: url.value, topic: try webhook.text("topic", .ntfyTopic)?.value,
      tokenFile: try path(webhook, "token_file", in: folder)?.value, location: webhook.location)
  }

  /// The part `path` of the section, which must be a mapping; `example` is one line of it, for the message.
  static func part(
    _ node: Node, _ path: String, example: String, allowed: [String], file: String
  ) throws(InventoryError) -> Fields {
    try Fields.requireMapping(node, what: "'\(path)'", example: example, file: file)
    return Fields(try MappingReader(node, name: path, file: file, allowed: allowed), prefix: "\(path).")
  }

  /// A file path `key`, resolved against `folder` when relative; located at the value as written.
  static func path(_ fields: Fields, _ key: String, in folder: String) throws(InventoryError) -> Located<String>? {
    guard let path = try fields.text(key, filePath) else { return nil }
    return Located(resolve(path.value, against: folder), at: path.location)
  }

  static let filePath = SetupParser.TextRule(
    expected: "a file path (absolute, or relative to the inventory's folder)",
    accepts: { !$0.isEmpty && !$0.hasPrefix("~") && !$0.contains(where: \.isNewline) },
    hint: { $0.hasPrefix("~") ? "'~' is not expanded, write the full path or one relative to the inventory" : nil })

  static let webhookURL = SetupParser.TextRule(
    expected: "an http:// or https:// URL (like https://ntfy.example.org/skep)",
    accepts: { text in
      guard let scheme = ["http://", "https://"].first(where: { text.hasPrefix($0) }),
        !text.contains(where: \.isWhitespace)
      else { return false }
      // The host and port as a registry mirror's; the path and query are the endpoint's own.
      let authority = text.dropFirst(scheme.count).prefix { !"/?#".contains($0) }
      return SetupParser.isMirrorURL(scheme + authority)
    },
    hint: { $0.contains("://") ? nil : "write the scheme too, like 'https://\($0)'" })

  /// The absolute folder of the inventory `file` (relative to the current directory when `file` is).
  static func folder(of file: String) -> String {
    let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
    return normalized(absolute.split(separator: "/", omittingEmptySubsequences: true).dropLast())
  }

  /// `path` when absolute, else `path` under `folder`; `.` and empty components are dropped, `..` is kept (the
  /// folder may be a symbolic link).
  static func resolve(_ path: String, against folder: String) -> String {
    let components = path.split(separator: "/", omittingEmptySubsequences: true)
    if path.hasPrefix("/") { return normalized(components[...]) }
    return normalized(folder.split(separator: "/", omittingEmptySubsequences: true) + components)
  }

  static func normalized<Components: Collection<Substring>>(_ components: Components) -> String {
    "/" + components.filter { $0 != "." }.joined(separator: "/")
  }
}
