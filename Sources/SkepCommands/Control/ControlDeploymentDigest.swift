import ControlService
import Crypto
import DockerEngine
import Foundation

/// What `skep control deploy` derives from SHA-256 digests (kept out of the service's module, which then links no
/// second cryptography library).
extension ControlDeployment {
  /// SHA-256 of `data` in lowercase hex.
  static func hex(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }

  /// The spec with ``specLabel`` set.
  func labelledServiceSpec() throws -> ServiceSpec {
    var spec = serviceSpec()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let digest = Self.hex(try encoder.encode(spec))
    spec.labels?[Self.specLabel] = String(digest.prefix(16))
    return spec
  }

  /// The versioned name of a secret holding `data`: `ROLE-` and the first 12 hex digits of its SHA-256, so a change
  /// gives a new secret and an unchanged one is reused.
  static func secretName(_ role: SecretRole, data: Data) -> String {
    "\(role.rawValue)-\(hex(data).prefix(12))"
  }
}
