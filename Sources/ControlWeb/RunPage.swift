import Foundation
import RunHistory

/// One run of a job with what happened per node and volume.
public enum RunPage {
  /// Seconds between the browser's reloads while the run goes on (a finished run's page does not reload).
  public static let refreshSecondsWhileRunning = 10

  /// The page for `run` (with its items); times relative to `generated`.
  public static func render(_ run: JobRun, generated: Date) -> String {
    var body = "<p><a href=\"/\">← Dashboard</a></p>\n"
    body += "<h1>Run #\(run.id): \(HTML.escape(run.job))</h1>\n"
    var facts = ""
    func fact(_ name: String, _ value: String?, class extra: String? = nil) {
      facts += "<tr><th scope=\"row\">\(name)</th>" + PageLayout.cell(value, class: extra) + "</tr>\n"
    }
    fact("Status", run.status.rawValue, class: "status-\(run.status.rawValue)")
    fact("Trigger", run.trigger.rawValue)
    fact("Due", run.due.map(Format.utc))
    fact("Started", "\(Format.utc(run.started)) (\(Format.relative(run.started, now: generated)))")
    fact("Ended", run.ended.map { "\(Format.utc($0)) (\(Format.relative($0, now: generated)))" })
    let duration = run.duration ?? (run.status == .running ? generated.timeIntervalSince(run.started) : nil)
    fact("Duration", duration.map { Format.span($0) + (run.status == .running ? " so far" : "") })
    fact("Bytes added", run.bytesAdded.map(Format.bytes))
    fact("Message", run.message)
    body += "<table>\n<caption>The run</caption>\n<tbody>\n\(facts)</tbody>\n</table>\n"

    var rows = ""
    for item in run.items {
      rows += "<tr>" + PageLayout.cell(item.node) + PageLayout.cell(item.volume) + PageLayout.cell(item.kind)
      rows += PageLayout.status(item.status) + PageLayout.cell(item.message)
      rows += PageLayout.cell(item.bytesAdded.map(Format.bytes), numeric: true)
      rows += PageLayout.cell(item.duration.map(Format.span), numeric: true)
      rows += PageLayout.cell(item.reference) + "</tr>\n"
    }
    body += "<h2>Items</h2>\n"
    body += PageLayout.table(
      caption: "What happened per node and volume",
      columns: ["Node", "Volume", "Kind", "Status", "Message", "Bytes added", "Duration", "Reference"], rows: rows,
      empty: run.status == .running ? "Items are recorded when the run ends." : "No items recorded.")
    body += PageLayout.footer(generated: generated)
    return PageLayout.document(
      title: "Run #\(run.id) \(run.job) — skep", refresh: run.status == .running ? refreshSecondsWhileRunning : nil,
      body: body)
  }
}
