import Foundation
import ImageBuild

/// The state file of a build folder (`DIR/.skep-build.json`): read at the start, merged with what is on disk at the
/// end (another run may have written meanwhile), written atomically.
public struct BuildStateStore: Sendable {
  public var path: URL

  /// The store of the build folder `directory`.
  public init(directory: URL) {
    path = directory.appendingPathComponent(BuildStateFile.fileName)
  }

  /// The saved state, or an empty one when there is none yet.
  public func load() throws -> BuildStateFile {
    guard FileManager.default.fileExists(atPath: path.path) else { return BuildStateFile() }
    do {
      return try BuildStateFile.decode(try Data(contentsOf: path))
    } catch {
      throw BuildStateStoreError(path: path.path, reason: "\(error)")
    }
  }

  /// Writes `state` merged with the file's current content.
  public func save(_ state: BuildStateFile) throws {
    let current = (try? load()) ?? BuildStateFile()
    try current.merging(state).encoded().write(to: path, options: .atomic)
  }
}

/// The state file exists but cannot be read.
public struct BuildStateStoreError: Error, CustomStringConvertible, Sendable {
  public var path: String
  public var reason: String
  public var description: String { "cannot read the build state \(path): \(reason) (remove it to start afresh)" }
}
