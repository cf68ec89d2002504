import Foundation

extension Restic {
  /// The bytes a restore of `snapshot` writes (`restic stats --mode restore-size`), for restore progress.
  public func restoreSize(snapshot: String) async throws(ResticError) -> Int64 {
    let output = try await execute(["stats", snapshot, "--mode", "restore-size", "--json"])
    struct Stats: Decodable {
      var totalSize: Int64
      enum CodingKeys: String, CodingKey { case totalSize = "total_size" }
    }
    do {
      return try JSONDecoder().decode(Stats.self, from: output.stdout).totalSize
    } catch {
      throw .unexpectedOutput(command: "stats", detail: "\(error)")
    }
  }
}
