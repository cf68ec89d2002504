/// What one disk run measures: sequential writes then reads of a file in 1 MiB requests and in 4 KiB requests,
/// `repeats` times each.
public struct DiskBenchOptions: Sendable, Hashable, Codable {
  /// The large-request pass.
  public static let largeBlock = 1 << 20
  /// The small-request pass.
  public static let smallBlock = 4 << 10
  public static let defaultLargeFileSize = 1 << 30
  public static let defaultSmallFileSize = 256 << 20
  public static let defaultRepeats = 3

  /// The file of the 1 MiB pass, in bytes: a multiple of 1 MiB.
  public var largeFileSize: Int
  /// The file of the 4 KiB pass, in bytes: a multiple of 4 KiB, or 0 to skip that pass.
  public var smallFileSize: Int
  public var repeats: Int

  public init(
    largeFileSize: Int = Self.defaultLargeFileSize, smallFileSize: Int = Self.defaultSmallFileSize,
    repeats: Int = Self.defaultRepeats
  ) {
    self.largeFileSize = largeFileSize
    self.smallFileSize = smallFileSize
    self.repeats = repeats
  }

  /// The passes, as (request size, file size), the 1 MiB one first.
  public var passes: [(blockSize: Int, fileSize: Int)] {
    [(Self.largeBlock, largeFileSize)] + (smallFileSize > 0 ? [(Self.smallBlock, smallFileSize)] : [])
  }

  /// Why the options cannot run, for a usage error; nil when they can.
  public var problem: String? {
    if repeats < 1 || repeats > 100 { return "--repeats must be between 1 and 100" }
    if largeFileSize < Self.largeBlock || largeFileSize % Self.largeBlock != 0 {
      return "--size must be a positive multiple of 1 MiB (e.g. 1G, 512M)"
    }
    if smallFileSize < 0 || smallFileSize % Self.smallBlock != 0 {
      return "--small-size must be a multiple of 4 KiB (e.g. 256M), or 0 to skip the 4 KiB pass"
    }
    return nil
  }

  /// The agent's arguments for these options.
  public var arguments: [String] {
    ["--size", String(largeFileSize), "--small-size", String(smallFileSize), "--repeats", String(repeats)]
  }
}
