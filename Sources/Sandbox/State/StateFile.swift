import Foundation

/// Reads and atomically writes a sandbox's state.json.
public struct StateFile: Sendable {
  public var path: String

  public init(path: String) {
    self.path = path
  }

  public func load() throws -> SandboxState? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      return try JSONDecoder().decode(SandboxState.self, from: data)
    } catch {
      throw SandboxError(.io, "cannot read sandbox state \(path)", cause: ErrorDetail(error))
    }
  }

  public func save(_ state: SandboxState) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
      let data = try encoder.encode(state)
      try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw SandboxError(.io, "cannot write sandbox state \(path)", cause: ErrorDetail(error))
    }
  }

  public func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
