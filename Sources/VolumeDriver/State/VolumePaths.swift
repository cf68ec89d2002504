import Foundation

/// Where a volume lives on a node: `ROOT/NAME/data` (what containers mount), never under /var/lib/docker.
public struct VolumePaths: Sendable, Hashable {
  /// The default root, `/var/lib/skep/volumes`.
  public static let defaultRoot = "/var/lib/skep/volumes"

  /// The root directory of every volume.
  public var root: String

  /// Creates paths under `root`.
  public init(root: String = VolumePaths.defaultRoot) { self.root = root }

  /// The directory containers mount, after checking the name.
  public func mountpoint(of volume: String) throws -> String {
    "\(root)/\(try Self.checked(volume))/data"
  }

  /// `volume` if it is a Docker volume name (`[A-Za-z0-9][A-Za-z0-9_.-]*`), so it cannot leave the root.
  public static func checked(_ volume: String) throws -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
    guard let first = volume.first, first.isLetter || first.isNumber, first.isASCII,
      volume.allSatisfy(allowed.contains)
    else {
      throw VolumeDriverError(.badRequest, "invalid volume name \"\(volume)\"")
    }
    return volume
  }
}
