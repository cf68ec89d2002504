/// What a run tells its caller as it goes (the CLI prints one line per event).
public enum BuildProgress: Sendable {
  /// `image` started on `node`.
  case started(image: String, node: String)
  /// The builder reached a step (`Step 3/7 : RUN …`), `elapsed` seconds after the image started.
  case step(image: String, node: String, text: String, elapsed: Double)
  /// `image` ended.
  case ended(ImageOutcome)
  /// `node`'s engine stopped answering; its image goes back to the queue.
  case nodeLost(node: String, reason: String)
}
