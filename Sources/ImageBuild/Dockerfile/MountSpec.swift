/// The `type` and `from` of a `RUN --mount=` value (`type=cache,target=/root/.cache,from=builder`).
///
/// The value is a comma-separated list of `key=value` fields (double quotes protect commas); `type` defaults to
/// `bind`. Only `bind` and `cache` mounts read from another stage or image.
struct MountSpec: Equatable {
  var type = "bind"
  /// The `from=` value, with its offset in the text.
  var from: (value: String, offset: Int)?

  static func == (lhs: MountSpec, rhs: MountSpec) -> Bool {
    lhs.type == rhs.type && lhs.from?.value == rhs.from?.value && lhs.from?.offset == rhs.from?.offset
  }

  /// Whether the mount reads from a stage or image.
  var readsFrom: Bool { from != nil && (type == "bind" || type == "cache") }

  init(_ text: String) {
    for (field, offset) in Self.fields(text) {
      let parts = field.split(separator: "=", maxSplits: 1)
      let key = parts.first.map { String($0).lowercased() } ?? ""
      let value = parts.count == 2 ? String(parts[1]) : ""
      if key == "type" { type = value.lowercased() }
      if key == "from" { from = (value, offset + key.count + 1) }
    }
  }

  /// The fields with their character offsets, quotes removed.
  private static func fields(_ text: String) -> [(String, Int)] {
    var result: [(String, Int)] = []
    var current = ""
    var start = 0
    var quoted = false
    for (offset, character) in text.enumerated() {
      if character == "\"" {
        quoted.toggle()
      } else if character == ",", !quoted {
        result.append((current, start))
        current = ""
        start = offset + 1
      } else {
        current.append(character)
      }
    }
    result.append((current, start))
    return result
  }
}
