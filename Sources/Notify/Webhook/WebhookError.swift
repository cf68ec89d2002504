/// A webhook call failed. Transport, HTTP status and setup problems are kept apart; none carries the token.
public enum WebhookError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The URL cannot be used (reason given; the URL itself is not repeated, it may hold a credential).
  case invalidURL(String)
  /// The CA file or TLS setup failed before connecting.
  case configuration(url: String, reason: String)
  /// No HTTP answer: refused, unreachable, TLS, timeout, connection closed early.
  case transport(url: String, reason: String)
  /// The receiver answered with a status that is not 2xx; `body` is the start of its answer. A 3xx is reported
  /// here too with its `location`: redirects are not followed.
  case http(url: String, status: Int, reason: String, body: String, location: String?)

  public var description: String {
    switch self {
    case .invalidURL(let reason):
      return "webhook: invalid URL: \(reason)"
    case .configuration(let url, let reason):
      return "webhook \(url): \(reason)"
    case .transport(let url, let reason):
      return "webhook \(url): \(reason)"
    case .http(let url, let status, let reason, let body, let location):
      var text = "webhook \(url): HTTP \(status) \(reason)"
      if let location { text += " (redirect to \(location) not followed)" }
      if !body.isEmpty { text += ": \(body)" }
      return text
    }
  }

  /// The HTTP status, for `http`.
  public var status: Int? {
    if case .http(_, let status, _, _, _) = self { return status }
    return nil
  }
}
