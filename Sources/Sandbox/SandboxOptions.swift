import Foundation

/// What `up` should build. Validated by `validate()` before anything is touched.
public struct SandboxOptions: Sendable, Equatable {
  public var directory: String
  public var nodeCount: Int
  public var managers: Int
  public var engine: EngineMode
  public var installPackages: Bool
  /// Skip the debian/mariadb images (for fast tests).
  public var images: Bool
  public var cacheRoot: String

  public init(
    directory: String, nodeCount: Int = 3, managers: Int? = nil, engine: EngineMode = .single(.v26_1),
    installPackages: Bool = false, images: Bool = true, cacheRoot: String = SandboxCache.defaultRoot()
  ) {
    self.directory = Self.absolute(directory)
    self.nodeCount = nodeCount
    self.managers = managers ?? Self.defaultManagers(nodeCount: nodeCount)
    self.engine = engine
    self.installPackages = installPackages
    self.images = images
    self.cacheRoot = Self.absolute(cacheRoot)
  }

  /// 3 managers when there are at least 3 nodes, else 1.
  public static func defaultManagers(nodeCount: Int) -> Int { nodeCount >= 3 ? 3 : 1 }

  /// The default sandbox directory: `$SKEP_SANDBOX_DIR`, else `./.skep-sandbox` (made absolute by the caller).
  public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let value = environment["SKEP_SANDBOX_DIR"], !value.isEmpty { return value }
    return ".skep-sandbox"
  }

  /// Makes `path` absolute against the current directory and drops `.`/`..` and trailing slashes.
  public static func absolute(_ path: String) -> String {
    let base = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var parts: [Substring] = []
    for part in base.split(separator: "/") {
      if part == "." || part.isEmpty { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }

  /// Problems with the options, as one message each; empty when usable.
  public func problems() -> [String] {
    var found: [String] = []
    if nodeCount < 1 || nodeCount > NetworkPlan.maximumNodes {
      found.append("--nodes must be between 1 and \(NetworkPlan.maximumNodes)")
    }
    if managers < 1 || managers > max(nodeCount, 1) { found.append("--managers must be between 1 and --nodes") }
    if directory == "/" { found.append("--dir must not be /") }
    let socket = SandboxLayout(root: directory).node("node\(max(nodeCount, 1))").socket
    if socket.utf8.count >= 104 {
      found.append("--dir is too long: node sockets like \(socket) must stay under 104 bytes")
    }
    return found
  }
}
