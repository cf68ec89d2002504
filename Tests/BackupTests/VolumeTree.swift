import Foundation
import Testing

/// A directory shaped like a real volume: many small files, a few-MB file, symlinks, and varied modes.
enum VolumeTree {
  struct Entry: Equatable {
    var kind: String
    var mode: Int
    var content: Data?
    var link: String?
  }

  static func make(at path: String, smallFiles: Int = 150, largeBytes: Int = 3 << 20) throws {
    let fm = FileManager.default
    try fm.createDirectory(atPath: path + "/sub/deeper", withIntermediateDirectories: true)
    for index in 0..<smallFiles {
      let directory = index % 3 == 0 ? "/sub" : index % 3 == 1 ? "/sub/deeper" : ""
      let text = "file \(index)\n" + String(repeating: "x", count: index * 7)
      try Data(text.utf8).write(to: URL(fileURLWithPath: "\(path)\(directory)/small-\(index).txt"))
    }
    var generator = SystemRandomNumberGenerator()
    let large = Data((0..<largeBytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    try large.write(to: URL(fileURLWithPath: path + "/large.bin"))
    try fm.createSymbolicLink(atPath: path + "/link-to-large", withDestinationPath: "large.bin")
    try fm.createSymbolicLink(atPath: path + "/sub/dangling", withDestinationPath: "/nowhere/at/all")
    try Data("secret\n".utf8).write(to: URL(fileURLWithPath: path + "/private.key"))
    try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path + "/private.key")
    try Data("#!/bin/sh\necho hi\n".utf8).write(to: URL(fileURLWithPath: path + "/run.sh"))
    try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path + "/run.sh")
    try fm.setAttributes([.posixPermissions: 0o750], ofItemAtPath: path + "/sub/deeper")
  }

  /// Every entry below `path` by relative path: type, permission bits, content or link target.
  static func read(_ path: String) throws -> [String: Entry] {
    let fm = FileManager.default
    var result: [String: Entry] = [:]
    guard let enumerator = fm.enumerator(atPath: path) else { return result }
    while let relative = enumerator.nextObject() as? String {
      let full = path + "/" + relative
      let attributes = try fm.attributesOfItem(atPath: full)
      let type = attributes[.type] as? FileAttributeType
      let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
      switch type {
      case .typeSymbolicLink?:
        result[relative] = Entry(
          kind: "link", mode: 0, content: nil, link: try fm.destinationOfSymbolicLink(atPath: full))
      case .typeDirectory?:
        result[relative] = Entry(kind: "dir", mode: mode, content: nil, link: nil)
      default:
        result[relative] = Entry(
          kind: "file", mode: mode, content: try Data(contentsOf: URL(fileURLWithPath: full)), link: nil)
      }
    }
    return result
  }
}
