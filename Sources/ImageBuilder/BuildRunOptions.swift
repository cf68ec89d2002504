import Foundation
import ImageBuild

/// What one `skep build` run builds and how: the folder, the registry, the arguments, the tag rule.
public struct BuildRunOptions: Sendable {
  /// The folder holding one folder per image.
  public var directory: URL
  /// The registry every image is pushed to, `host[:port]`.
  public var registry: String
  /// `--build-arg` values.
  public var buildArgs: [String: String]
  /// Push the images (without it everything is built on one node: a child could not get its parent elsewhere).
  public var push: Bool
  /// The date-tag rule.
  public var dateTag: DateTag
  /// The date the tags are made from.
  public var now: Date
  /// Where each image's full build log is written.
  public var logsDirectory: URL
  /// The tags the registry already has, per image (for the date tag's same-day number); the state file's last tag
  /// is always counted too.
  public var existingTags: [String: [String]] = [:]

  /// Creates options; logs go to `DIR/.skep-build-logs`.
  public init(
    directory: URL, registry: String, buildArgs: [String: String] = [:], push: Bool = true,
    dateTag: DateTag = DateTag(), now: Date = Date()
  ) {
    self.directory = directory
    self.registry = registry
    self.buildArgs = buildArgs
    self.push = push
    self.dateTag = dateTag
    self.now = now
    self.logsDirectory = directory.appendingPathComponent(".skep-build-logs", isDirectory: true)
  }

  /// `REGISTRY/NAME`.
  public func repository(of image: String) -> String { "\(registry)/\(image)" }
}
