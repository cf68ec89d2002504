import Foundation
import NIOCore
import NIOPosix

/// One message as the SMTP sink stored it.
struct ReceivedMail {
  var headers: [String]
  var body: String
  var mailFrom: String
  var recipients: [String]
  var mailOptions: [String]
  var authUser: String?
  var tls: Bool
  /// The name the client gave in EHLO.
  var helo: String

  /// Every message in the sink's directory.
  static func all(in sink: HelperProcess) throws -> [ReceivedMail] {
    try sink.files(prefix: "msg-", suffix: ".eml").map { path in
      let raw = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
      let info =
        try JSONSerialization.jsonObject(
          with: Data(contentsOf: URL(fileURLWithPath: String(path.dropLast(4)) + ".json"))) as? [String: Any] ?? [:]
      let parts = raw.components(separatedBy: "\r\n\r\n")
      return ReceivedMail(
        headers: parts[0].components(separatedBy: "\r\n"), body: parts.dropFirst().joined(separator: "\r\n\r\n"),
        mailFrom: info["mail_from"] as? String ?? "", recipients: info["rcpt_tos"] as? [String] ?? [],
        mailOptions: info["mail_options"] as? [String] ?? [], authUser: info["auth_user"] as? String,
        tls: info["tls"] as? Bool ?? false, helo: info["helo"] as? String ?? "")
    }
  }

  func header(_ name: String) -> String? {
    headers.first { $0.lowercased().hasPrefix(name.lowercased() + ": ") }.map { String($0.dropFirst(name.count + 2)) }
  }
}

/// One HTTP request as the webhook receiver stored it.
struct ReceivedRequest {
  var method: String
  var path: String
  var headers: [(String, String)]
  var body: String

  static func all(in receiver: HelperProcess) throws -> [ReceivedRequest] {
    try receiver.files(prefix: "req-", suffix: ".json").map { path in
      let info = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
      let pairs = (info?["headers"] as? [[String]] ?? []).map { ($0[0], $0[1]) }
      return ReceivedRequest(
        method: info?["method"] as? String ?? "", path: info?["path"] as? String ?? "", headers: pairs,
        body: info?["body"] as? String ?? "")
    }
  }

  func header(_ name: String) -> String? {
    headers.first { $0.0.lowercased() == name.lowercased() }?.1
  }
}

/// A TCP port on 127.0.0.1 with nothing listening: bound by the kernel's choice, then closed.
func deadPort() async throws -> Int {
  let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .bind(host: "127.0.0.1", port: 0).get()
  let port = channel.localAddress?.port ?? 1
  try await channel.close()
  return port
}
