import Foundation
import NIOCore

/// Where to POST the JSON, and how.
public struct WebhookSettings: Sendable, CustomStringConvertible {
  /// `http://` or `https://` URL; for ntfy, the server root (`https://ntfy.example/`) with `topic` set.
  public var url: String
  /// The ntfy topic; nil for a receiver that is not ntfy (the key is then left out).
  public var topic: String?
  /// Sent as `Authorization: Bearer …` (an ntfy access token, or any receiver's).
  public var token: Secret?
  /// PEM CA file to trust instead of the system roots, for `https://`.
  public var caFile: String?
  public var connectTimeout: TimeAmount
  /// For the whole exchange after connecting: request out, complete response in.
  public var timeout: TimeAmount

  public init(
    url: String, topic: String? = nil, token: Secret? = nil, caFile: String? = nil,
    connectTimeout: TimeAmount = .seconds(10), timeout: TimeAmount = .seconds(30)
  ) {
    self.url = url
    self.topic = topic
    self.token = token
    self.caFile = caFile
    self.connectTimeout = connectTimeout
    self.timeout = timeout
  }

  /// The URL without query or fragment (a query may carry a credential) — what errors and logs show.
  public var description: String {
    (try? WebhookTarget(url)).map(\.shown) ?? "<invalid webhook URL>"
  }
}

/// A parsed webhook URL.
struct WebhookTarget: Sendable, Hashable {
  var https: Bool
  var host: String
  var port: Int
  /// Path and query, as sent in the request line.
  var target: String

  /// "https://host:port/path".
  var shown: String {
    let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
    let bracketed = host.contains(":") ? "[\(host)]" : host
    return "\(https ? "https" : "http")://\(bracketed):\(port)\(path)"
  }

  /// The `Host` header: the port only when it is not the scheme's default.
  var hostHeader: String {
    let bracketed = host.contains(":") ? "[\(host)]" : host
    return port == (https ? 443 : 80) ? bracketed : "\(bracketed):\(port)"
  }

  init(_ text: String) throws(WebhookError) {
    guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
      scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
    else {
      throw WebhookError.invalidURL("not an http:// or https:// URL with a host")
    }
    guard components.user == nil, components.password == nil else {
      throw WebhookError.invalidURL("credentials in the URL are not allowed: put a token in a secret instead")
    }
    self.https = scheme == "https"
    self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
    self.port = components.port ?? (https ? 443 : 80)
    let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
    self.target = path + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
  }
}
