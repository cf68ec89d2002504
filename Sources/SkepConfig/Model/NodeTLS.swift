/// TLS files for a `tcp://` Docker endpoint, laid out like the docker CLI's cert directory.
public struct NodeTLS: Sendable, Hashable {
  /// Path of the CA certificate (`ca.pem`).
  public var ca: String
  /// Path of the client certificate (`cert.pem`).
  public var cert: String
  /// Path of the client key (`key.pem`).
  public var key: String
  /// Whether to verify the daemon's certificate against `ca` (default `true`).
  public var verify: Bool

  /// Creates TLS settings.
  public init(ca: String, cert: String, key: String, verify: Bool = true) {
    self.ca = ca
    self.cert = cert
    self.key = key
    self.verify = verify
  }
}
