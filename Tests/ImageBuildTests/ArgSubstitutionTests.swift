import ImageBuild
import Testing

@Suite struct ArgSubstitutionTests {
  let text = """
    ARG REGISTRY=registry.lan:5000
    ARG BASE
    ARG VERSION=12
    FROM ${REGISTRY}/${BASE:-archlinux}:latest AS a
    FROM debian:$VERSION
    FROM alpine${VERSION:+-extra}
    """

  @Test func defaultsAreSubstituted() throws {
    #expect(
      images(try parse(text)) == [
        "registry.lan:5000/archlinux:latest", "docker.io/library/debian:12", "docker.io/library/alpine-extra:latest",
      ])
  }

  @Test func buildArgsOverrideDefaults() throws {
    let file = try parse(text, buildArgs: ["REGISTRY": "192.168.145.2:5000", "BASE": "base", "VERSION": "11"])
    #expect(
      images(file) == [
        "192.168.145.2:5000/base:latest", "docker.io/library/debian:11", "docker.io/library/alpine-extra:latest",
      ])
  }

  @Test func undeclaredBuildArgsAreNotUsed() throws {
    let file = try parse("FROM debian:${V:-12}\n", buildArgs: ["V": "11"])
    #expect(images(file) == ["docker.io/library/debian:12"])
  }

  @Test func quotesAndEscapesInFrom() throws {
    let file = try parse("ARG T=\"12-slim\"\nFROM 'debian':\"$T\"\n")
    #expect(images(file) == ["docker.io/library/debian:12-slim"])
  }

  @Test func singleQuotesDoNotExpand() throws {
    let error = parseError("ARG T=12\nFROM debian:'$T'\n")
    #expect(error?.message.contains("invalid image reference") == true)
  }

  @Test func stageArgsExpandCopyFrom() throws {
    let file = try parse(
      "ARG SRC=builder\nFROM alpine AS builder\nFROM alpine\nARG SRC\nCOPY --from=$SRC /a /a\nARG X=0\nCOPY --from=${X} /b /b\n"
    )
    #expect(file.finalStage.references.map(\.target) == [.stage(0), .stage(0)])
  }

  @Test func globalArgsAreNotVisibleInAStageUntilRedeclared() throws {
    let error = parseError("ARG SRC=builder\nFROM alpine AS builder\nFROM alpine\nCOPY --from=$SRC /a /a\n")
    #expect(error?.message.contains("COPY --from is empty") == true)
  }

  @Test func emptyImageAfterSubstitutionIsAnError() throws {
    let error = parseError("ARG IMAGE\nFROM $IMAGE\n")
    #expect(error?.location == DockerfileLocation(file: "Dockerfile", line: 2, column: 6))
    #expect(error?.message.contains("expands to an empty string") == true)
  }

  @Test func requiredVariableMessage() throws {
    #expect(parseError("FROM ${IMAGE:?required}\n")?.message == "IMAGE: required")
  }
}
