import Foundation

/// The files of an image's folder that go to the builder: everything `.dockerignore` does not exclude, plus the
/// Dockerfile and `.dockerignore` themselves, which Docker always sends.
public enum BuildContext {
  /// The files sent whatever `.dockerignore` says.
  public static let alwaysIncluded: Set<String> = ["Dockerfile", ".dockerignore"]

  /// The entries to send (sorted by path), read from `folder`; the executor tars exactly these.
  public static func entries(folder: URL) throws -> [ContextEntry] {
    let ignoreFile = folder.appendingPathComponent(".dockerignore")
    var ignore = DockerIgnore(patterns: [])
    if FileManager.default.fileExists(atPath: ignoreFile.path) {
      ignore = DockerIgnore(String(decoding: try Data(contentsOf: ignoreFile), as: UTF8.self))
    }
    return select(try scan(folder: folder), ignore: ignore)
  }

  /// Every entry below `folder` (sorted by path), symbolic links not followed.
  public static func scan(folder: URL) throws -> [ContextEntry] {
    let manager = FileManager.default
    var entries: [ContextEntry] = []
    var pending = [""]
    while let relative = pending.popLast() {
      let directory = relative.isEmpty ? folder : folder.appendingPathComponent(relative, isDirectory: true)
      for name in try manager.contentsOfDirectory(atPath: directory.path) {
        let path = relative.isEmpty ? name : "\(relative)/\(name)"
        let full = folder.appendingPathComponent(path)
        let attributes = try manager.attributesOfItem(atPath: full.path)
        let mode = UInt16(truncatingIfNeeded: (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0)
        switch attributes[.type] as? FileAttributeType {
        case .typeDirectory?:
          entries.append(ContextEntry(path: path, kind: .directory, mode: mode))
          pending.append(path)
        case .typeSymbolicLink?:
          let target = try manager.destinationOfSymbolicLink(atPath: full.path)
          entries.append(ContextEntry(path: path, kind: .symlink(target: target), mode: mode))
        case .typeRegular?:
          entries.append(ContextEntry(path: path, kind: .file, mode: mode))
        default:
          continue  // sockets, devices and pipes are not sent
        }
      }
    }
    return entries.sorted { $0.path < $1.path }
  }

  /// The entries `.dockerignore` keeps (pure). A directory is kept when it is not excluded or when something below
  /// it is kept (an exception can re-include a file in an excluded directory).
  public static func select(_ entries: [ContextEntry], ignore: DockerIgnore) -> [ContextEntry] {
    let kept = entries.filter { alwaysIncluded.contains($0.path) || !ignore.excludes($0.path) }
    var keptPaths = Set(kept.map(\.path))
    for entry in kept {
      var parent = entry.path
      while let slash = parent.lastIndex(of: "/") {
        parent = String(parent[..<slash])
        keptPaths.insert(parent)
      }
    }
    return entries.filter { keptPaths.contains($0.path) }
  }
}
