/// The `--name[=value]` flags at the start of an instruction's arguments, and the words after them.
struct InstructionFlags {
  struct Flag {
    /// The name without dashes, lower case.
    var name: String
    /// The value word after `=`, nil for a bare `--name`.
    var value: ShellWord?
    /// Where the flag starts.
    var location: DockerfileLocation
  }

  var flags: [Flag] = []
  var rest: [ShellWord] = []

  init(_ words: [ShellWord], file: String) {
    var index = 0
    while index < words.count, words[index].raw.hasPrefix("--"), words[index].raw.count > 2 {
      let text = words[index].text
      let location = text.location(at: 0, file: file)
      if let equals = text.characters.firstIndex(of: "=") {
        let name = String(text.characters[2..<equals]).lowercased()
        let value = ShellWord(text: text.slice((equals + 1)..<text.characters.count))
        flags.append(Flag(name: name, value: value, location: location))
      } else {
        flags.append(Flag(name: String(text.characters[2...]).lowercased(), value: nil, location: location))
      }
      index += 1
    }
    rest = Array(words[index...])
  }

  /// The flags with this name, in order.
  func named(_ name: String) -> [Flag] { flags.filter { $0.name == name } }
}
