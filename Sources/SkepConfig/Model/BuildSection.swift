/// The `build:` section of `skep.yml`: how `skep build` tags images.
public struct BuildSection: Sendable, Hashable {
  /// The date-tag format: `%Y %m %d %H %M %S %%` and literal tag characters (default `%Y%m%d`).
  public var tagFormat: String
  /// The time zone the date is taken in (an IANA name like `Europe/Paris`); nil means the machine's own.
  public var timeZone: String?
  /// Where the section starts.
  public var location: SourceLocation

  /// The format when the section does not set one.
  public static let defaultTagFormat = "%Y%m%d"

  /// Creates a section.
  public init(tagFormat: String = BuildSection.defaultTagFormat, timeZone: String? = nil, location: SourceLocation) {
    self.tagFormat = tagFormat
    self.timeZone = timeZone
    self.location = location
  }
}
