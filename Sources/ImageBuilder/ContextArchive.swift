import Foundation
import ImageBuild

/// The build context of one image as a tar file: exactly the entries `BuildContext.entries` selects (the
/// `.dockerignore` applied), numeric owner 0, written with the system `tar`.
enum ContextArchive {
  /// Writes the archive of `folder` to `path`.
  static func write(folder: URL, to path: String) throws {
    let entries = try BuildContext.entries(folder: folder)
    let list = path + ".list"
    var names = Data()
    for entry in entries {
      names.append(Data(entry.path.utf8))
      names.append(0)
    }
    try names.write(to: URL(fileURLWithPath: list))
    defer { try? FileManager.default.removeItem(atPath: list) }
    let tar = Process()
    tar.executableURL = URL(fileURLWithPath: "/bin/tar")
    tar.arguments = [
      "--numeric-owner", "--owner=0", "--group=0", "--no-recursion", "--null", "-C", folder.path, "-T", list, "-cf",
      path,
    ]
    let errors = Pipe()
    tar.standardError = errors
    try tar.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    tar.waitUntilExit()
    guard tar.terminationStatus == 0 else {
      throw BuildStepError.context(
        "tar of \(folder.path) failed: \(String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))"
      )
    }
  }
}

/// Why a step could not build its image.
enum BuildStepError: Error, CustomStringConvertible {
  case context(String)
  var description: String {
    switch self {
    case .context(let text): return text
    }
  }
}
