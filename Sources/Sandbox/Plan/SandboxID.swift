/// The short, stable identity of a sandbox, derived from its absolute directory.
///
/// Two sandboxes in different directories get different bridges, namespaces and (most likely) subnets, so a test's
/// throwaway sandbox can run next to a developer's.
public struct SandboxID: Sendable, Equatable, Codable, CustomStringConvertible {
  /// Six lowercase hex digits.
  public var hex: String
  /// The third octet of the sandbox's 192.168.K.0/24, in 100...199.
  public var subnetOctet: Int

  /// Hashes `directory` (FNV-1a, 64-bit) after dropping trailing slashes.
  public init(directory: String) {
    var path = directory
    while path.count > 1, path.hasSuffix("/") { path.removeLast() }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in path.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let low = hash & 0xff_ffff
    let digits = String(low, radix: 16)
    hex = String(repeating: "0", count: 6 - digits.count) + digits
    subnetOctet = 100 + Int((hash >> 24) % 100)
  }

  public var description: String { hex }
}
