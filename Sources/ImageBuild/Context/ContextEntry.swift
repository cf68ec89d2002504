/// One entry of a build context: a file, a directory or a symbolic link, with its permission bits.
public struct ContextEntry: Sendable, Hashable {
  /// What the entry is.
  public enum Kind: Sendable, Hashable {
    case file
    case directory
    /// A symbolic link (never followed) and its target as written.
    case symlink(target: String)
  }

  /// The path relative to the context folder, `/`-separated, no leading `./`.
  public var path: String
  /// The kind.
  public var kind: Kind
  /// Permission bits (`0o7777` mask: set-uid, set-gid, sticky, rwx).
  public var mode: UInt16

  /// Creates an entry.
  public init(path: String, kind: Kind, mode: UInt16) {
    self.path = path
    self.kind = kind
    self.mode = mode & 0o7777
  }
}
