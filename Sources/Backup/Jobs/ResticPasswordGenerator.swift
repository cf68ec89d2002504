import Foundation

/// The repository password `skep backup init` makes when none is given: 32 random bytes from the system's secure
/// generator, base64url without padding (43 characters, shell- and YAML-safe).
public enum ResticPasswordGenerator {
  /// A new password.
  public static func generate() -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    return base64URL(bytes)
  }

  /// `bytes` as base64url (RFC 4648 §5) without `=` padding.
  public static func base64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }
}
