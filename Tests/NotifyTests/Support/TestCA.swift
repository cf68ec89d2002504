import Foundation

/// A throwaway CA and a server certificate for 127.0.0.1 made with the `openssl` CLI; `remove()` deletes them.
struct TestCA {
  let root: String
  var caCertificate: String { root + "/ca.pem" }
  var serverCertificate: String { root + "/server-cert.pem" }
  var serverKey: String { root + "/server-key.pem" }

  static func make() throws -> TestCA {
    let root = FileManager.default.temporaryDirectory.path + "/skep-notify-ca-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    let ca = TestCA(root: root)
    let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    try ca.openssl(
      ["req", "-x509"] + curve + [
        "-keyout", root + "/ca-key.pem", "-out", root + "/ca.pem", "-days", "2", "-subj", "/CN=skep-notify-test-ca",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
      ])
    try ca.openssl(
      ["req", "-new"] + curve + [
        "-keyout", root + "/server-key.pem", "-out", root + "/server.csr", "-subj", "/CN=skep-notify-sink",
      ])
    try Data("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n".utf8)
      .write(to: URL(fileURLWithPath: root + "/server.ext"))
    try ca.openssl([
      "x509", "-req", "-in", root + "/server.csr", "-CA", root + "/ca.pem", "-CAkey", root + "/ca-key.pem",
      "-set_serial", String(UInt32.random(in: 1...UInt32.max)), "-days", "2", "-extfile", root + "/server.ext",
      "-out", root + "/server-cert.pem",
    ])
    return ca
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: root)
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
      throw HelperError(description: "openssl \(arguments.joined(separator: " ")) failed: \(text)")
    }
  }
}
