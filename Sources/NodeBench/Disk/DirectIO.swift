#if canImport(Glibc)
  import Glibc

  /// Linux I/O that bypasses the page cache: `O_DIRECT` (not exported by Swift's Glibc module, and its value differs
  /// by architecture) and buffers aligned for it.
  public enum DirectIO {
    /// `O_DIRECT` from the kernel's `asm/fcntl.h` of this architecture.
    #if arch(arm64) || arch(arm)
      public static let openFlag: Int32 = 0o200000
    #elseif arch(powerpc64) || arch(powerpc64le)
      public static let openFlag: Int32 = 0o400000
    #else
      public static let openFlag: Int32 = 0o40000
    #endif

    /// Alignment of buffers, offsets and lengths: 4 KiB covers every logical block size in use.
    public static let alignment = 4096
  }

  /// A page-aligned buffer of random bytes (never zeros: some disks and thin volumes shortcut zero blocks).
  final class AlignedBuffer {
    let pointer: UnsafeMutableRawPointer
    let size: Int

    init(size: Int) throws(DiskBenchError) {
      var raw: UnsafeMutableRawPointer?
      let status = posix_memalign(&raw, DirectIO.alignment, size)
      guard status == 0, let raw else { throw DiskBenchError("posix_memalign(\(size)) failed", errno: status) }
      pointer = raw
      self.size = size
      var generator = SystemRandomNumberGenerator()
      let words = pointer.bindMemory(to: UInt64.self, capacity: size / 8)
      for index in 0..<(size / 8) { words[index] = generator.next() }
    }

    deinit { free(pointer) }
  }
#endif

/// A failed system call of the disk benchmark, with its errno.
public struct DiskBenchError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public var errno: Int32

  public init(_ message: String, errno: Int32) {
    self.message = message
    self.errno = errno
  }

  public var description: String { "\(message): \(SystemErrorText.describe(errno))" }
}

/// `strerror` for an errno.
enum SystemErrorText {
  static func describe(_ code: Int32) -> String {
    #if canImport(Glibc)
      return String(cString: strerror(code))
    #else
      return "errno \(code)"
    #endif
  }
}
