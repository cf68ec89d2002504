import ImageBuild
import Testing

@Suite struct DockerfileLexicalTests {
  @Test func backtickEscapeKeepsWindowsPathsAndContinues() throws {
    let file = try parse(
      """
      # escape=`
      FROM mcr.microsoft.com/windows/servercore:ltsc2022
      COPY C:\\src\\ C:\\app\\
      RUN dir C:\\ `
          && echo done
      COPY --from=registry.lan:5000/tools `
           C:\\tools C:\\tools
      """)
    #expect(file.escape == "`")
    #expect(file.stages.count == 1)
    #expect(file.finalStage.references.first?.written == "registry.lan:5000/tools")
    #expect(file.finalStage.references.first?.location.line == 6)
  }

  @Test func backslashAtTheEndContinuesWithTheDefaultEscape() throws {
    // "FROM nope" is part of the RUN: the file has one stage, and --from=0 would be that stage itself.
    let file = try parse("FROM alpine\nRUN echo a \\\nFROM nope\n")
    #expect(file.stages.count == 1)
    #expect(images(file) == ["docker.io/library/alpine:latest"])
    let error = parseError("FROM alpine\nRUN echo a \\\nFROM nope\nCOPY --from=0 /a /b\n")
    #expect(error?.message == "COPY --from=0: no earlier stage 0 (there is no earlier stage)")
  }

  @Test func commentAndBlankLinesInsideAContinuationAreSkipped() throws {
    let file = try parse(
      """
      FROM alpine AS one
      FROM alpine
      RUN apk add \\
      # a comment in the middle, ending with a backslash \\

          curl \\
        # indented comment
          && true
      COPY --from=one /a /a
      """)
    #expect(file.finalStage.references.map(\.target) == [.stage(0)])
    #expect(file.finalStage.references.first?.location.line == 9)
  }

  @Test func trailingBlanksAfterTheEscapeStillContinue() throws {
    let file = try parse("FROM alpine AS a\nFROM alpine\nCOPY \\  \n  --from=a /x /y\n")
    #expect(file.finalStage.references.first?.target == .stage(0))
    #expect(file.finalStage.references.first?.location == DockerfileLocation(file: "Dockerfile", line: 4, column: 10))
  }

  @Test func instructionsAreCaseInsensitiveAndLeadingSpaceIsAllowed() throws {
    let file = try parse("  from alpine As B\nFrom debian\n\tcOpY --FROM=b /a /a\n")
    #expect(file.stages.count == 2)
    #expect(file.finalStage.references.first?.target == .stage(0))
    #expect(parseError("from alpine as b\ncopy --from=b /a /a\n")?.message.contains("this stage itself") == true)
  }

  @Test func syntaxDirectiveIsIgnoredAndDirectivesStopAtTheFirstComment() throws {
    let file = try parse("# syntax=docker/dockerfile:1\n# comment\n# escape=`\nFROM alpine\nRUN a \\\nFROM x\n")
    #expect(file.escape == "\\")
    #expect(file.stages.count == 1)
  }

  @Test func jsonFormRunIsNotAHeredoc() throws {
    let file = try parse("FROM alpine\nRUN [\"sh\", \"-c\", \"cat <<EOF\"]\nFROM debian\n")
    #expect(file.stages.count == 2)
  }

  @Test func crlfLineEndingsAndByteOrderMark() throws {
    let file = try parse("\u{FEFF}FROM alpine AS a\r\nFROM debian\r\nCOPY --from=a /x /y\r\n")
    #expect(file.stages.count == 2)
    #expect(images(file) == ["docker.io/library/alpine:latest", "docker.io/library/debian:latest"])
  }
}
