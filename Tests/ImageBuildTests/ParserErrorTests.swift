import ImageBuild
import Testing

@Suite struct ParserErrorTests {
  @Test func unknownInstructionWithSuggestion() {
    let error = parseError("FROM alpine\n  FORM debian\n")
    #expect(error?.description == "Dockerfile:2:3: error: unknown instruction 'FORM' (did you mean FROM?)")
  }

  @Test func unparseableLineHintsAtAMissingContinuation() {
    let error = parseError("FROM alpine\nRUN apt-get update\n    && apt-get install x\n")
    #expect(error?.location?.line == 3)
    #expect(error?.message.contains("continuation") == true)
  }

  @Test func fromWithoutImage() {
    #expect(parseError("FROM\n")?.description == "Dockerfile:1:1: error: FROM needs an image")
    #expect(parseError("FROM --platform=linux/amd64\n")?.message == "FROM needs an image")
  }

  @Test func instructionBeforeTheFirstFrom() {
    let error = parseError("ARG X=1\nRUN echo\nFROM alpine\n")
    #expect(error?.location?.line == 2)
    #expect(error?.message.hasPrefix("RUN before the first FROM") == true)
  }

  @Test func noFromAtAll() {
    #expect(parseError("# just a comment\nARG X\n")?.message.hasPrefix("no FROM instruction") == true)
  }

  @Test func unknownCopyFromNameIsATypoNotAnImage() {
    let error = parseError("FROM alpine AS builder\nFROM alpine\nCOPY --from=bulder /a /a\n")
    #expect(error?.location == DockerfileLocation(file: "Dockerfile", line: 3, column: 13))
    #expect(error?.message.contains("no earlier stage is named 'bulder'") == true)
    #expect(error?.message.contains("did you mean 'builder'?") == true)
  }

  @Test func imageLookingCopyFromIsAnImage() throws {
    let file = try parse("FROM alpine\nCOPY --from=nginx:latest /etc/nginx /etc/nginx\n")
    #expect(images(file).last == "docker.io/library/nginx:latest")
  }

  @Test func copyFromALaterStageOrMissingIndex() {
    #expect(
      parseError("FROM alpine\nCOPY --from=late /a /a\nFROM alpine AS late\n")?.message.contains("later stage") == true)
    #expect(
      parseError("FROM alpine AS a\nFROM alpine\nCOPY --from=1 /a /a\n")?.message.contains("earlier stages are 0 to 0")
        == true)
  }

  @Test func duplicateStageNames() {
    let error = parseError("FROM alpine AS x\nFROM debian AS X\n")
    #expect(error?.message == "duplicate stage name 'x' (first used by the FROM at Dockerfile:1:6)")
  }

  @Test func badEscapeDirective() {
    #expect(parseError("# escape=x\nFROM alpine\n")?.location?.line == 1)
  }

  @Test func invalidPlatformAndReference() {
    #expect(parseError("FROM --platform=linux/arm64/v8/x alpine\n")?.message.hasPrefix("invalid platform") == true)
    #expect(parseError("FROM Alpine\n")?.message.contains("invalid image reference 'Alpine'") == true)
  }
}
