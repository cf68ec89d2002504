import Foundation

/// What `NodeProbe` learned about one node: the files the profile manages, the package manager, the tools, the
/// admin account. Tests build these by hand; `NodeFacts.parse(_:)` reads them from the probe's output.
public struct NodeFacts: Sendable, Hashable {
  /// Every file the probe looked at, by its path on the node (without the probe's root prefix).
  public var files: [String: FileState]
  /// The package manager found (`apt-get`, then `pacman`, then `dnf`), nil when none is.
  public var packageManager: PackageManager?
  /// Whether each queried package is installed, by name.
  public var packages: [String: Bool]
  /// The tools of `NodeProbe.tools` that `command -v` found.
  public var tools: Set<String>
  /// The accounts the probe looked up, by name; a name that was looked up but does not exist maps to nil.
  public var users: [String: UserFacts?]
  /// Whether `/etc/skep-sandbox-node` exists: a sandbox node, which shares the host's kernel, /sys, /usr and init.
  public var isSandboxNode: Bool

  /// Creates facts.
  public init(
    files: [String: FileState] = [:], packageManager: PackageManager? = nil, packages: [String: Bool] = [:],
    tools: Set<String> = [], users: [String: UserFacts?] = [:], isSandboxNode: Bool = false
  ) {
    self.files = files
    self.packageManager = packageManager
    self.packages = packages
    self.tools = tools
    self.users = users
    self.isSandboxNode = isSandboxNode
  }

  /// The `ID` of `/etc/os-release` (`debian`, `arch`, `fedora`, `raspbian`), nil when the file or the key is missing.
  public var osID: String? {
    guard case .regular(let data) = files[NodeProbe.osReleasePath] else { return nil }
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("ID=") {
      let value = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
      return value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }
    return nil
  }
}

/// What a path is on the node.
public enum FileState: Sendable, Hashable {
  /// Nothing is there.
  case absent
  /// A regular file with these bytes.
  case regular(Data)
  /// Something that is not a regular file (a folder, a socket…), or a file the probe could not read.
  case notRegular

  /// A regular file holding this text (UTF-8).
  public static func text(_ text: String) -> FileState { .regular(Data(text.utf8)) }
}

/// An account on the node.
public struct UserFacts: Sendable, Hashable {
  /// The home folder (`getent passwd`, sixth field).
  public var home: String
  /// The groups it belongs to (`id -nG`).
  public var groups: [String]

  /// Creates account facts.
  public init(home: String, groups: [String]) {
    self.home = home
    self.groups = groups
  }
}

/// The package managers skep knows.
public enum PackageManager: String, Sendable, Hashable, CaseIterable {
  /// Debian, Ubuntu, Raspberry Pi OS.
  case apt = "apt-get"
  /// Arch Linux (ARM).
  case pacman
  /// Fedora.
  case dnf

  /// The group whose members may use sudo: `sudo` on Debian, `wheel` on Arch and Fedora.
  public var sudoGroup: String { self == .apt ? "sudo" : "wheel" }

  /// The package that provides msmtp as the system's `sendmail`.
  public var msmtpPackage: String { self == .apt ? "msmtp-mta" : "msmtp" }

  /// The shell command that installs these packages without asking.
  public func installCommand(_ packages: [String]) -> String {
    let names = packages.map(Shell.quote).joined(separator: " ")
    switch self {
    case .apt: return "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \(names)"
    case .pacman: return "pacman -S --noconfirm --needed \(names)"
    case .dnf: return "dnf install -y \(names)"
    }
  }
}
