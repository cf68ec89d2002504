import Foundation
import NIOSSL

/// The TLS client setup shared by SMTP and the webhook: the server's certificate is always verified, against the
/// system's trust roots or, when a CA file is given, against that CA only.
enum TLSContexts {
  /// - Parameter caFile: a PEM file of the CA(s) to trust instead of the system roots (a home-lab CA).
  /// - Throws: `TLSSetupError` naming the file when it is missing or not PEM.
  static func client(caFile: String?) throws(TLSSetupError) -> NIOSSLContext {
    var config = TLSConfiguration.makeClientConfiguration()
    config.certificateVerification = .fullVerification
    if let caFile {
      guard FileManager.default.fileExists(atPath: caFile) else {
        throw TLSSetupError(description: "CA file \(caFile) does not exist")
      }
      do {
        config.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
      } catch {
        throw TLSSetupError(description: "CA file \(caFile) is not a PEM certificate: \(error)")
      }
    }
    do {
      return try NIOSSLContext(configuration: config)
    } catch {
      throw TLSSetupError(description: "cannot set up TLS: \(error)")
    }
  }

  /// The name for SNI and certificate matching; nil for an IP address (NIOSSL then matches the certificate's IP
  /// SANs against the address it connected to).
  static func sniName(_ host: String) -> String? {
    let isIP = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    return isIP ? nil : host
  }
}

struct TLSSetupError: Error, CustomStringConvertible {
  var description: String
}
