/// One instruction as read from the text, before its meaning is looked at: the keyword and its arguments, with
/// continuation lines joined, comment and blank lines inside the continuation dropped, and heredoc bodies skipped.
struct RawInstruction: Sendable, Equatable {
  /// The keyword as written (`from`, `COPY`…).
  var keyword: String
  /// Where the keyword starts.
  var location: DockerfileLocation
  /// The arguments after the keyword, with their positions.
  var arguments: SourceText
  /// The heredocs opened on this instruction, in order (their bodies were skipped).
  var heredocs: [Heredoc]

  /// The keyword in upper case: instructions are case-insensitive.
  var name: String { keyword.uppercased() }
}

/// A heredoc opened by `<<NAME`, `<<-NAME`, `<<"NAME"` or `<<'NAME'` on a `RUN`, `COPY` or `ADD` line.
struct Heredoc: Sendable, Equatable {
  /// The delimiter, quotes removed.
  var name: String
  /// `<<-`: leading tabs are stripped from body lines and from the terminator.
  var stripsTabs: Bool
  /// Where the `<<` marker is.
  var location: DockerfileLocation
}
