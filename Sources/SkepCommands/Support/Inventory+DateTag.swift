import Foundation
import ImageBuild
import SkepConfig

extension Inventory {
  /// The date-tag rule of `build.tag_format` and `build.time_zone` (default `%Y%m%d`, this machine's zone): what
  /// `skep build` tags with and what `skep registry ls|prune` recognise as date tags.
  var dateTag: DateTag {
    DateTag(
      format: build?.tagFormat ?? BuildSection.defaultTagFormat,
      timeZone: build?.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current)
  }
}
