import Foundation

extension DockerClient {
  /// `GET /events` as a stream. Without `until` it runs until cancelled; cancelling closes the connection.
  public func events(since: Date? = nil, until: Date? = nil, filters: [String: [String]] = [:])
    -> AsyncThrowingStream<DockerEvent, any Error>
  {
    var query: [(String, String)] = []
    if let since { query.append(("since", Self.timestamp(since))) }
    if let until { query.append(("until", Self.timestamp(until))) }
    query += Self.filtersQuery(filters)
    let finalQuery = query
    return jsonLineStream(of: DockerEvent.self) {
      try await request(.GET, "/events", query: finalQuery, streaming: true)
    }
  }

  /// Docker's `seconds.nanoseconds` form.
  static func timestamp(_ date: Date) -> String {
    let seconds = date.timeIntervalSince1970
    let whole = Int64(seconds.rounded(.down))
    let nanos = Int64(((seconds - Double(whole)) * 1_000_000_000).rounded())
    let padded =
      String(nanos).count < 9 ? String(repeating: "0", count: 9 - String(nanos).count) + String(nanos) : String(nanos)
    return "\(whole).\(padded.prefix(9))"
  }
}
