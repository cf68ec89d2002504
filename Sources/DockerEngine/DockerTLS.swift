/// TLS material for a `tcp://` endpoint, laid out like the docker CLI's cert directory.
public struct DockerTLS: Sendable, Hashable {
  /// PEM file of the CA that signed the daemon's certificate.
  public var caPath: String
  /// PEM file of our client certificate.
  public var certPath: String
  /// PEM file of our client private key.
  public var keyPath: String
  /// Whether to verify the daemon's certificate against `caPath` (`DOCKER_TLS_VERIFY`).
  public var verify: Bool

  /// Uses `ca.pem`, `cert.pem` and `key.pem` in `certDirectory`, like `DOCKER_CERT_PATH`.
  public init(certDirectory: String, verify: Bool) {
    let dir = certDirectory.hasSuffix("/") ? String(certDirectory.dropLast()) : certDirectory
    self.init(ca: dir + "/ca.pem", cert: dir + "/cert.pem", key: dir + "/key.pem", verify: verify)
  }

  /// Uses explicit file paths.
  public init(ca: String, cert: String, key: String, verify: Bool) {
    self.caPath = ca
    self.certPath = cert
    self.keyPath = key
    self.verify = verify
  }
}
