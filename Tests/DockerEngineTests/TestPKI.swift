import Foundation

/// A throwaway PKI made with the `openssl` CLI in a temporary directory, the client side laid out like the docker
/// CLI's cert directory (`ca.pem`, `cert.pem`, `key.pem`). Remove it with `remove()`.
struct TestPKI {
  /// The temporary directory holding everything.
  let root: String

  /// The client's `DOCKER_CERT_PATH`: `ca.pem` (the CA that signed the server), `cert.pem`, `key.pem`.
  var clientDirectory: String { root + "/client" }
  /// The CA that signs both the server and the client certificate.
  var caCertificate: String { root + "/ca.pem" }
  /// The server certificate (SAN 127.0.0.1 and localhost unless told otherwise) and key.
  var serverCertificate: String { root + "/server-cert.pem" }
  var serverKey: String { root + "/server-key.pem" }

  /// Makes a CA, a server certificate with `serverSAN`, and a client certificate (RSA key, as docker's docs make).
  static func make(serverSAN: String = "IP:127.0.0.1,DNS:localhost") throws -> TestPKI {
    let root = FileManager.default.temporaryDirectory.path + "/skep-pki-\(UUID().uuidString.prefix(12))"
    try FileManager.default.createDirectory(atPath: root + "/client", withIntermediateDirectories: true)
    let pki = TestPKI(root: root)
    try pki.makeCA(name: "ca")
    try pki.issue(
      name: "server", by: "ca", key: "ec", extensions: "subjectAltName=\(serverSAN)\nextendedKeyUsage=serverAuth")
    try pki.issue(name: "client", by: "ca", key: "rsa:2048", extensions: "extendedKeyUsage=clientAuth")
    try FileManager.default.copyItem(atPath: root + "/ca.pem", toPath: root + "/client/ca.pem")
    try FileManager.default.copyItem(atPath: root + "/client-cert.pem", toPath: root + "/client/cert.pem")
    try FileManager.default.copyItem(atPath: root + "/client-key.pem", toPath: root + "/client/key.pem")
    return pki
  }

  /// A second CA, unrelated to the first, and a certificate from it; returns (certificate, key) paths.
  func issueFromOtherCA(name: String, extensions: String) throws -> (certificate: String, key: String) {
    if !FileManager.default.fileExists(atPath: root + "/other-ca.pem") { try makeCA(name: "other-ca") }
    try issue(name: name, by: "other-ca", key: "ec", extensions: extensions)
    return (root + "/\(name)-cert.pem", root + "/\(name)-key.pem")
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: root)
  }

  private func makeCA(name: String) throws {
    try openssl(
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", "\(root)/\(name)-key.pem", "-out", "\(root)/\(name).pem", "-days", "2", "-subj",
      "/CN=skep-test-\(name)",
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
  }

  /// `key` is "ec" (P-256) or "rsa:2048".
  private func issue(name: String, by ca: String, key: String, extensions: String) throws {
    let keyOptions = key == "ec" ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"] : ["-newkey", key]
    try openssl(
      ["req", "-new"] + keyOptions + [
        "-nodes", "-keyout", "\(root)/\(name)-key.pem", "-out", "\(root)/\(name).csr", "-subj", "/CN=skep-\(name)",
      ])
    try Data(extensions.utf8).write(to: URL(fileURLWithPath: "\(root)/\(name).ext"))
    try openssl(
      "x509", "-req", "-in", "\(root)/\(name).csr", "-CA", "\(root)/\(ca).pem", "-CAkey", "\(root)/\(ca)-key.pem",
      "-set_serial", String(UInt32.random(in: 1...UInt32.max)), "-days", "2", "-extfile", "\(root)/\(name).ext",
      "-out", "\(root)/\(name)-cert.pem")
  }

  private func openssl(_ arguments: String...) throws {
    try openssl(arguments)
  }

  private func openssl(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl"] + arguments
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw PKIError(description: "openssl \(arguments.joined(separator: " ")) failed: \(text)")
    }
  }

  struct PKIError: Error, CustomStringConvertible {
    var description: String
  }
}
