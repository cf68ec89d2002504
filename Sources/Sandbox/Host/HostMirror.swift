import Foundation

/// Finds the Debian mirror in this machine's own apt configuration (never a hard-coded one).
public enum HostMirror {
  /// Reads /etc/apt/sources.list, /etc/apt/sources.list.d/*.list and *.sources.
  public static func sources(etc: String = "/etc/apt") -> [AptSource] {
    var sources = AptSources.parseOneLine((try? String(contentsOfFile: "\(etc)/sources.list", encoding: .utf8)) ?? "")
    let partsDirectory = "\(etc)/sources.list.d"
    let parts = ((try? FileManager.default.contentsOfDirectory(atPath: partsDirectory)) ?? []).sorted()
    for part in parts {
      guard let text = try? String(contentsOfFile: "\(partsDirectory)/\(part)", encoding: .utf8) else { continue }
      if part.hasSuffix(".list") { sources += AptSources.parseOneLine(text) }
      if part.hasSuffix(".sources") { sources += AptSources.parseDeb822(text) }
    }
    return sources
  }

  /// The mirror URI for `codename`, or a user-fixable error explaining where it looked.
  public static func mirror(for codename: String = "bookworm") throws -> String {
    guard let uri = AptSources.mirror(for: codename, in: sources()) else {
      throw SandboxError(
        .unsupportedHost,
        "no Debian mirror for \(codename) in /etc/apt/sources.list or /etc/apt/sources.list.d; "
          + "the sandbox builds its images and fetches Docker 26.1 from the machine's own mirror")
    }
    return uri
  }
}
