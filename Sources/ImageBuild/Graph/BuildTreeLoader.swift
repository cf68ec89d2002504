import Foundation

/// Reads a build directory: one folder per image, each with a `Dockerfile` and optionally a `.skep-image` file.
///
/// An image is named after its folder unless the folder holds a `.skep-image` file, whose first line that is neither
/// blank nor a `#` comment is the name (a repository path such as `tools/git`, no registry, no tag). Hidden folders
/// (starting with `.`) are not looked at; other folders without a `Dockerfile` are listed, not errors.
public enum BuildTreeLoader {
  /// The name of the optional per-folder file that names the image.
  public static let nameFile = ".skep-image"

  /// Reads and links the folder `directory`; paths in locations are relative to it (`mariadb/Dockerfile`).
  public static func load(directory: String, registry: String, buildArgs: [String: String] = [:])
    throws(BuildTreeError) -> BuildTree
  {
    let manager = FileManager.default
    let base = URL(fileURLWithPath: directory, isDirectory: true)
    let entries: [String]
    do {
      entries = try manager.contentsOfDirectory(atPath: base.path).sorted()
    } catch {
      throw BuildTreeError("cannot read the build directory \(directory): \(error.localizedDescription)")
    }
    var sources: [ImageSource] = []
    var withoutDockerfile: [String] = []
    var problems: [DockerfileError] = []
    for entry in entries where !entry.hasPrefix(".") {
      var isDirectory: ObjCBool = false
      let folder = base.appendingPathComponent(entry, isDirectory: true)
      guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
      let dockerfile = folder.appendingPathComponent("Dockerfile")
      guard manager.fileExists(atPath: dockerfile.path) else {
        withoutDockerfile.append(entry)
        continue
      }
      do {
        let name = try imageName(folder: folder, entry: entry)
        sources.append(
          ImageSource(name: name, folder: entry, dockerfilePath: "\(entry)/Dockerfile", text: try text(of: dockerfile)))
      } catch let error as DockerfileError {
        problems.append(error)
      } catch {
        problems.append(DockerfileError("\(entry): \(error.localizedDescription)", at: nil))
      }
    }
    guard problems.isEmpty else { throw BuildTreeError(problems: problems) }
    return try BuildTreeAssembler.assemble(
      sources, registry: registry, buildArgs: buildArgs, foldersWithoutDockerfile: withoutDockerfile)
  }

  /// The name from `.skep-image`, else the folder name; checked to be a valid repository path.
  static func imageName(folder: URL, entry: String) throws -> String {
    let file = folder.appendingPathComponent(nameFile)
    var name = entry
    var location: DockerfileLocation?
    if FileManager.default.fileExists(atPath: file.path) {
      let lines = try text(of: file).split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
      guard
        let (index, line) = lines.enumerated().first(where: {
          let trimmed = $0.element.trimmingCharacters(in: .whitespaces)
          return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        })
      else { throw DockerfileError("\(entry)/\(nameFile) names no image", at: nil) }
      name = line.trimmingCharacters(in: .whitespaces)
      location = DockerfileLocation(file: "\(entry)/\(nameFile)", line: index + 1, column: 1)
    }
    try validate(name: name, source: location == nil ? "the folder name" : nameFile, at: location)
    return name
  }

  /// An image name is a repository path: lower-case components separated by `/`, no registry, tag or digest.
  public static func validate(name: String, source: String, at location: DockerfileLocation?) throws(DockerfileError) {
    let components = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard !components.isEmpty, components.allSatisfy(ImageReferenceParser.isPathComponent) else {
      throw DockerfileError(
        "'\(name)' (\(source)) is not a valid image name: use lower-case letters, digits, '.', '_', '-' and '/' "
          + "(no registry, tag or digest); a folder can name its image in a \(nameFile) file",
        at: location)
    }
  }

  private static func text(of file: URL) throws -> String {
    let data = try Data(contentsOf: file)
    guard let text = String(data: data, encoding: .utf8) else {
      throw DockerfileError("\(file.lastPathComponent) is not UTF-8 text", at: nil)
    }
    return text
  }
}
