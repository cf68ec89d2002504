import ImageBuild
import Testing

@Suite struct DockerfileStageTests {
  @Test func multiStageWithNamesIndicesAndImages() throws {
    let file = try parse(
      """
      FROM --platform=linux/arm64 registry.lan:5000/archlinux AS Builder
      RUN make
      from debian:12 as runtime
      COPY --from=builder /out /usr/local/bin
      COPY --from=0 /etc/x /etc/x
      COPY --from=nginx:1.25 /etc/nginx /etc/nginx
      """)
    #expect(file.stages.count == 2)
    #expect(file.stages[0].name == "builder")
    #expect(file.stages[0].platform == "linux/arm64")
    #expect(file.stages[1].platform == nil)
    #expect(file.stages[1].references.map(\.target).prefix(2) == [.stage(0), .stage(0)])
    #expect(
      images(file) == [
        "registry.lan:5000/archlinux:latest", "docker.io/library/debian:12", "docker.io/library/nginx:1.25",
      ])
  }

  @Test func fromAnEarlierStageIsNotAnImage() throws {
    let file = try parse("FROM alpine AS base\nFROM base\nRUN true\n")
    #expect(file.stages[1].base.target == .stage(0))
    #expect(images(file) == ["docker.io/library/alpine:latest"])
  }

  @Test func scratchIsNoDependency() throws {
    let file = try parse("FROM golang:1.22 AS build\nFROM SCRATCH\nCOPY --from=build /app /app\n")
    #expect(file.finalStage.base.target == .scratch)
    #expect(images(file) == ["docker.io/library/golang:1.22"])
  }

  @Test func runMountFromStageAndImage() throws {
    let file = try parse(
      """
      FROM alpine AS deps
      FROM alpine
      RUN --mount=type=bind,from=deps,source=/x,target=/y --mount=type=cache,target=/c,from=registry.lan:5000/cache \\
          --mount=type=secret,id=token make
      RUN --mount=from=deps,target=/z true
      """)
    let targets = file.finalStage.references.map(\.target)
    #expect(targets.count == 3)
    #expect(targets[0] == .stage(0))
    #expect(targets[2] == .stage(0))
    #expect(images(file).last == "registry.lan:5000/cache:latest")
  }

  @Test func copyFromAnInFolderImageByBareName() throws {
    let file = try parse("FROM alpine\nCOPY --from=base /a /a\n", localImages: ["base"])
    #expect(images(file).last == "docker.io/library/base:latest")
    #expect(file.finalStage.references.first?.kind == .copyFrom)
  }

  @Test func platformFollowingTheBuilderIsNotARequirement() throws {
    let file = try parse("FROM --platform=$BUILDPLATFORM golang AS build\nFROM --platform=${TARGETPLATFORM} alpine\n")
    #expect(file.stages.map(\.platform) == [nil, nil])
  }

  @Test func declaredArgNamesComeFromEveryScope() throws {
    let file = try parse("ARG B=1\nFROM alpine\nARG A\nARG C=3 D\n")
    #expect(file.declaredArgNames == ["A", "B", "C", "D"])
    #expect(file.globalArgs.map(\.defaultValue) == ["1"])
  }
}
