/// An OS/architecture pair such as `linux/arm64` or `linux/arm/v7`, with Docker's architecture names.
public struct Platform: Sendable, Hashable, CustomStringConvertible {
  /// The operating system, `linux` unless written otherwise.
  public var os: String
  /// The architecture in Docker's (GOARCH) spelling: `amd64`, `arm64`, `arm`, `386`, `ppc64le`, `s390x`, `riscv64`.
  public var architecture: String
  /// The variant (`v7` for arm); `v8` on arm64 is the default and is dropped.
  public var variant: String?

  /// Creates a platform; the architecture is normalised (`x86_64` → `amd64`, `aarch64` → `arm64`).
  public init(os: String = "linux", architecture: String, variant: String? = nil) {
    let (arch, impliedVariant) = Self.normalize(architecture)
    self.os = os.lowercased()
    self.architecture = arch
    var chosen = variant?.lowercased() ?? impliedVariant
    if arch == "arm64", chosen == "v8" { chosen = nil }
    self.variant = chosen
  }

  /// Reads `os/arch[/variant]` or a bare architecture (`arm64`, `x86_64`, `armv7l` as Docker nodes report them).
  public static func parse(_ text: String) -> Platform? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard parts.allSatisfy({ part in !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } })
    else { return nil }
    switch parts.count {
    case 1: return Platform(architecture: parts[0])
    case 2: return Platform(os: parts[0], architecture: parts[1])
    case 3: return Platform(os: parts[0], architecture: parts[1], variant: parts[2])
    default: return nil
    }
  }

  /// Docker's name for an architecture as `uname -m` or a node description spells it, with an implied variant.
  static func normalize(_ architecture: String) -> (String, String?) {
    switch architecture.lowercased() {
    case "x86_64", "x86-64", "amd64": ("amd64", nil)
    case "aarch64", "arm64", "armv8", "armv8l": ("arm64", nil)
    case "armv7l", "armv7", "armhf": ("arm", "v7")
    case "armv6l", "armv6", "armel": ("arm", "v6")
    case "i386", "i686", "x86", "386": ("386", nil)
    default: (architecture.lowercased(), nil)
    }
  }

  /// Whether an image for this platform builds natively on a node of `node`'s platform: same OS and architecture,
  /// and the same variant when both name one.
  public func builds(on node: Platform) -> Bool {
    guard os == node.os, architecture == node.architecture else { return false }
    guard let variant, let nodeVariant = node.variant else { return true }
    return variant == nodeVariant
  }

  public var description: String {
    [os, architecture, variant].compactMap { $0 }.joined(separator: "/")
  }
}
