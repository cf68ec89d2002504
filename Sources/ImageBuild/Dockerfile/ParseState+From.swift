/// `FROM [--platform=P] IMAGE [AS NAME]`.
extension ParseState {
  /// The platform args BuildKit defines by itself; a `--platform` that uses them follows the builder.
  static let automaticPlatformArgs = [
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS", "TARGETARCH",
    "TARGETVARIANT",
  ]

  mutating func from(_ instruction: RawInstruction) throws(DockerfileError) {
    let parsed = InstructionFlags(ShellWords.split(instruction.arguments, escape: escape), file: file)
    let words = parsed.rest
    guard !words.isEmpty else { throw DockerfileError("FROM needs an image", at: instruction.location) }
    var name: String?
    if words.count == 3, words[1].raw.lowercased() == "as" {
      name = try stageName(words[2])
    } else if words.count != 1 {
      throw DockerfileError(
        "FROM expects IMAGE [AS NAME], found \(words.count) words", at: words[1].text.location(at: 0, file: file))
    }
    let imageWord = words[0]
    let imageLocation = imageWord.text.location(at: 0, file: file)
    let written = try expander(globalScope).expand(imageWord)
    guard !written.isEmpty else {
      throw DockerfileError(
        "FROM needs an image: '\(imageWord.raw)' expands to an empty string (is an ARG without a value?)",
        at: imageLocation)
    }
    let base = StageReference(
      kind: .from, target: try fromTarget(written, at: imageLocation), written: written, location: imageLocation)
    var platform: String?
    for flag in parsed.flags {
      guard flag.name == "platform", let value = flag.value else {
        throw DockerfileError("unknown FROM flag '--\(flag.name)' (FROM takes --platform=…)", at: flag.location)
      }
      platform = try platformValue(value)
    }
    stages.append(
      DockerfileStage(index: stages.count, name: name, base: base, platform: platform, references: []))
    stageScope = [:]
  }

  private func stageName(_ word: ShellWord) throws(DockerfileError) -> String {
    let name = word.raw.lowercased()
    let location = word.text.location(at: 0, file: file)
    guard let first = name.first, first.isLetter,
      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
    else {
      throw DockerfileError(
        "invalid stage name '\(word.raw)': use a letter followed by letters, digits, '-', '_' or '.'", at: location)
    }
    if let earlier = stages.first(where: { $0.name == name }) {
      throw DockerfileError(
        "duplicate stage name '\(name)' (first used by the FROM at \(earlier.base.location))", at: location)
    }
    return name
  }

  /// An earlier stage (by name, case-insensitive), `scratch`, or an image.
  private func fromTarget(_ written: String, at location: DockerfileLocation) throws(DockerfileError)
    -> StageReference.Target
  {
    let lower = written.lowercased()
    if let stage = stages.first(where: { $0.name == lower }) { return .stage(stage.index) }
    if lower == "scratch" { return .scratch }
    return .image(try imageReference(written, at: location))
  }

  func imageReference(_ written: String, at location: DockerfileLocation) throws(DockerfileError) -> ImageReference {
    do {
      return try ImageReference.parse(written)
    } catch {
      throw DockerfileError(error.description, at: location)
    }
  }

  /// The fixed platform, or nil when the value follows the builder (automatic platform args) or is empty.
  private func platformValue(_ word: ShellWord) throws(DockerfileError) -> String? {
    let raw = word.raw
    for name in Self.automaticPlatformArgs where raw.contains("$\(name)") || raw.contains("${\(name)") {
      return nil
    }
    let value = try expander(globalScope).expand(word)
    guard !value.isEmpty else { return nil }
    guard Platform.parse(value) != nil else {
      throw DockerfileError(
        "invalid platform '\(value)': expected os/architecture[/variant], for example linux/arm64",
        at: word.text.location(at: 0, file: file))
    }
    return value
  }
}
