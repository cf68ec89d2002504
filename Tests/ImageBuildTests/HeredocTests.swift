import ImageBuild
import Testing

@Suite struct HeredocTests {
  @Test func heredocBodyWithFromIsNotAnInstruction() throws {
    let file = try parse(
      """
      FROM alpine
      RUN <<EOF
      FROM evil:1
      COPY --from=nowhere /a /b
      EOF
      COPY <<-"END" /etc/motd
      \tFROM also-not-an-instruction
      \tEND
      RUN echo done
      """)
    #expect(file.stages.count == 1)
    #expect(images(file) == ["docker.io/library/alpine:latest"])
  }

  @Test func severalHeredocsOnOneLineAreSkippedInOrder() throws {
    let file = try parse(
      """
      FROM alpine
      COPY <<A <<'B' /dest/
      FROM a:1
      A
      FROM b:1
      B
      FROM debian
      """)
    #expect(images(file) == ["docker.io/library/alpine:latest", "docker.io/library/debian:latest"])
  }

  @Test func heredocOpenedAfterAContinuation() throws {
    let file = try parse("FROM alpine\nRUN --mount=type=cache,target=/c \\\n  <<EOF\nFROM x\nEOF\nFROM debian\n")
    #expect(file.stages.count == 2)
  }

  @Test func hereStringsAndQuotedMarkersAreNotHeredocs() throws {
    let file = try parse("FROM alpine\nRUN cat <<< hello\nRUN echo \"<<EOF\"\nFROM debian\n")
    #expect(file.stages.count == 2)
  }

  @Test func unterminatedHeredocPointsAtItsMarker() throws {
    let error = parseError("FROM alpine\nRUN echo hi && cat <<EOF\nhello\nEOF \n")
    #expect(error?.location == DockerfileLocation(file: "Dockerfile", line: 2, column: 20))
    #expect(error?.message.contains("unterminated heredoc") == true)
  }

  @Test func withoutDashTabsDoNotEndTheHeredoc() throws {
    #expect(parseError("FROM alpine\nRUN <<EOF\n\tEOF\n")?.message.contains("unterminated heredoc") == true)
  }

  @Test func heredocsOnlyOnRunCopyAdd() throws {
    // LABEL takes no heredoc: the next line is an instruction.
    let file = try parse("FROM alpine\nLABEL x=<<EOF\nFROM debian\n")
    #expect(file.stages.count == 2)
  }
}
