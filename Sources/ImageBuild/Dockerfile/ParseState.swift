/// The parser's state while it walks the instructions: scopes of `ARG`s and the stages so far.
struct ParseState {
  let file: String
  let escape: Character
  let buildArgs: [String: String]
  let localImages: Set<String>
  /// Every stage name in the file (lower case) with its stage index, from a first pass.
  let stageNames: [String: Int]

  var globalArgs: [DeclaredArg] = []
  var declaredArgNames: Set<String> = []
  var stages: [DockerfileStage] = []
  /// Global `ARG` values (nil: declared without a value).
  var globalScope: [String: String?] = [:]
  /// The current stage's `ARG` values.
  var stageScope: [String: String?] = [:]

  mutating func apply(_ instruction: RawInstruction) throws(DockerfileError) {
    let name = instruction.name
    guard InstructionKeywords.all.contains(name) else { throw unknown(instruction) }
    if stages.isEmpty, name != "ARG", name != "FROM" {
      throw DockerfileError(
        "\(name) before the first FROM: only ARG instructions (and comments) may come before FROM",
        at: instruction.location)
    }
    switch name {
    case "FROM": try from(instruction)
    case "ARG": try arg(instruction)
    case "COPY": try copy(instruction)
    case "RUN": try run(instruction)
    default: break
    }
  }

  private func unknown(_ instruction: RawInstruction) -> DockerfileError {
    let keyword = instruction.keyword
    if keyword.allSatisfy({ $0.isASCII && $0.isLetter }) {
      let hint = InstructionKeywords.suggestion(for: keyword).map { " (did you mean \($0)?)" } ?? ""
      return DockerfileError("unknown instruction '\(keyword)'\(hint)", at: instruction.location)
    }
    return DockerfileError(
      "unparseable line: expected an instruction such as FROM, RUN or COPY, found '\(keyword)' "
        + "(is a line continuation '\(escape)' missing at the end of the previous line?)",
      at: instruction.location)
  }

  /// `ARG NAME[=default] …`: a build arg overrides the default; a stage `ARG NAME` without default inherits the
  /// global value.
  private mutating func arg(_ instruction: RawInstruction) throws(DockerfileError) {
    let words = ShellWords.split(instruction.arguments, escape: escape)
    guard !words.isEmpty else { throw DockerfileError("ARG needs a name", at: instruction.location) }
    for word in words {
      let location = word.text.location(at: 0, file: file)
      let parts = word.raw.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = String(parts[0])
      guard let first = name.first, first.isLetter || first == "_",
        name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
      else { throw DockerfileError("invalid ARG name '\(name)'", at: location) }
      var defaultValue: String?
      if parts.count == 2 {
        let valueText = word.text.slice((name.count + 1)..<word.text.characters.count)
        defaultValue = try expander(stages.isEmpty ? globalScope : stageScope).expand(ShellWord(text: valueText))
      }
      declaredArgNames.insert(name)
      if stages.isEmpty {
        globalArgs.append(DeclaredArg(name: name, defaultValue: defaultValue, location: location))
        let value: String? = buildArgs[name] ?? defaultValue
        globalScope.updateValue(value, forKey: name)
      } else {
        let inherited: String? = globalScope[name] ?? nil
        let value: String? = buildArgs[name] ?? defaultValue ?? inherited
        stageScope.updateValue(value, forKey: name)
      }
    }
  }

  func expander(_ scope: [String: String?]) -> WordExpander {
    WordExpander(escape: escape, file: file) { name in scope[name] ?? nil }
  }

  /// Names after `AS` in every `FROM`, lower case, with their stage index.
  static func stageNames(in instructions: [RawInstruction], escape: Character) -> [String: Int] {
    var names: [String: Int] = [:]
    var index = 0
    for instruction in instructions where instruction.name == "FROM" {
      let words = InstructionFlags(ShellWords.split(instruction.arguments, escape: escape), file: "").rest
      if words.count == 3, words[1].raw.lowercased() == "as", names[words[2].raw.lowercased()] == nil {
        names[words[2].raw.lowercased()] = index
      }
      index += 1
    }
    return names
  }
}
