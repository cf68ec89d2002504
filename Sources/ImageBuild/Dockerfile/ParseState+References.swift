/// `COPY --from=…` and `RUN --mount=…,from=…`.
extension ParseState {
  mutating func copy(_ instruction: RawInstruction) throws(DockerfileError) {
    let parsed = InstructionFlags(ShellWords.split(instruction.arguments, escape: escape), file: file)
    for flag in parsed.named("from") {
      guard let value = flag.value else {
        throw DockerfileError("COPY --from needs a value: a stage name, a stage index or an image", at: flag.location)
      }
      let written = try expander(stageScope).expand(value)
      let location = value.text.location(at: 0, file: file)
      try addReference(kind: .copyFrom, written: written, at: location)
    }
  }

  mutating func run(_ instruction: RawInstruction) throws(DockerfileError) {
    let parsed = InstructionFlags(ShellWords.split(instruction.arguments, escape: escape), file: file)
    for flag in parsed.named("mount") {
      guard let value = flag.value else { throw DockerfileError("RUN --mount needs a value", at: flag.location) }
      let text = try expander(stageScope).expand(value)
      let spec = MountSpec(text)
      guard spec.readsFrom, let from = spec.from else { continue }
      let offset = value.raw == text ? from.offset : 0
      try addReference(kind: .mountFrom, written: from.value, at: value.text.location(at: offset, file: file))
    }
  }

  private mutating func addReference(kind: StageReference.Kind, written: String, at location: DockerfileLocation)
    throws(DockerfileError)
  {
    let target = try referenceTarget(kind: kind, written: written, at: location)
    stages[stages.count - 1].references.append(
      StageReference(kind: kind, target: target, written: written, location: location))
  }

  /// A stage index, an earlier stage's name, `scratch`, a folder image, or an image-looking reference.
  private func referenceTarget(kind: StageReference.Kind, written: String, at location: DockerfileLocation)
    throws(DockerfileError) -> StageReference.Target
  {
    let current = stages.count - 1
    guard !written.isEmpty else {
      throw DockerfileError("\(kind.rawValue) is empty: name a stage, a stage index or an image", at: location)
    }
    if written.allSatisfy({ $0.isASCII && $0.isNumber }) {
      guard let index = Int(written), index < current else {
        let range = current == 0 ? "there is no earlier stage" : "earlier stages are 0 to \(current - 1)"
        throw DockerfileError("\(kind.rawValue)=\(written): no earlier stage \(written) (\(range))", at: location)
      }
      return .stage(index)
    }
    let lower = written.lowercased()
    if let index = stageNames[lower] {
      guard index < current else {
        let which = index == current ? "this stage itself" : "a later stage (\(index))"
        throw DockerfileError(
          "\(kind.rawValue)=\(written) names \(which): only earlier stages can be used", at: location)
      }
      return .stage(index)
    }
    if lower == "scratch" { return .scratch }
    if written.contains(where: { "/:@".contains($0) }) || localImages.contains(written) {
      return .image(try imageReference(written, at: location))
    }
    throw DockerfileError(unknownSourceMessage(kind: kind, written: written), at: location)
  }

  private func unknownSourceMessage(kind: StageReference.Kind, written: String) -> String {
    let earlier = stageNames.filter { $0.value < stages.count - 1 }.keys.sorted()
    let closest = earlier.min { InstructionKeywords.distance($0, written) < InstructionKeywords.distance($1, written) }
    var message = "\(kind.rawValue)=\(written): no earlier stage is named '\(written)'"
    message +=
      earlier.isEmpty ? " (this file names no earlier stage)" : " (earlier stages: \(earlier.joined(separator: ", ")))"
    if let closest, InstructionKeywords.distance(closest, written.lowercased()) <= 2 {
      message += "; did you mean '\(closest)'?"
    }
    message += "; for a Docker Hub image, write it with a tag or a registry (\(written):latest)"
    return message
  }
}
