import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Gives back the memory a long-running process touched only while it started.
///
/// skep is one binary for every command, and Foundation and the Swift runtime are big libraries: starting up (argument
/// parsing, inventory loading, the first refresh) faults in pages of code that an idle service never runs again,
/// and they stay resident. Once the service has started, `trim()` asks the kernel to reclaim this process's
/// read-only file-backed pages (`MADV_PAGEOUT`, Linux 5.4 and later). Nothing is lost: a page of code needed again is
/// read back from the file on first use; a page this process changed (relocated data) is never dropped, only written
/// to swap if there is any. Writable mappings (heap, stacks) are not advised, and the kernel leaves alone the pages
/// other processes map too (the skep-agent runs the same image).
enum ResidentTrim {
  /// `MADV_PAGEOUT` from <linux/mman.h> (not every glibc exports it).
  static let pageOut: Int32 = 21

  /// What a trim did: the bytes advised and the resident set before and after, in bytes (nil off Linux).
  struct Outcome: Sendable {
    var advised: Int
    var residentBefore: Int?
    var residentAfter: Int?
  }

  /// Advises every read-only file-backed mapping of this process.
  static func trim() -> Outcome {
    let before = residentBytes()
    var advised = 0
    #if os(Linux)
      for range in readOnlyFileMappings() {
        if madvise(UnsafeMutableRawPointer(bitPattern: range.lowerBound), range.count, pageOut) == 0 {
          advised += range.count
        }
      }
    #endif
    return Outcome(advised: advised, residentBefore: before, residentAfter: residentBytes())
  }

  /// The address ranges of `/proc/self/maps` lines mapping a file without write permission.
  static func readOnlyFileMappings(maps: String? = nil) -> [Range<UInt>] {
    guard let text = maps ?? (try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)) else { return [] }
    var ranges: [Range<UInt>] = []
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 6, fields[5].hasPrefix("/"), !fields[1].contains("w") else { continue }
      let bounds = fields[0].split(separator: "-")
      guard bounds.count == 2, let low = UInt(bounds[0], radix: 16), let high = UInt(bounds[1], radix: 16), low < high
      else { continue }
      ranges.append(low..<high)
    }
    return ranges
  }

  /// VmRSS of this process in bytes, from `/proc/self/status`.
  static func residentBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
      let kib = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Int($0) })
    else { return nil }
    return kib * 1024
  }
}
