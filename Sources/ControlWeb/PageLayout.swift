import Foundation

/// The document every page shares: HTML5, inline CSS, no script and no external resource (the responses also carry
/// a `Content-Security-Policy` that forbids both).
enum PageLayout {
  /// The style sheet, small enough to inline in every page. Failures and stale rows are red and also say so in text.
  static let css = """
    body{font:14px/1.4 system-ui,sans-serif;margin:1em auto;max-width:80em;padding:0 1em;color:#222;background:#fff}
    h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
    table{border-collapse:collapse;width:100%}caption{text-align:left;color:#555;padding:.2em 0}
    th,td{border-bottom:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
    th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
    .stale,.status-failed,.status-interrupted,.state-down,.unreachable{background:#fde8e8;color:#8a1111}
    .status-running{color:#0b5394}.status-skipped{color:#666}.status-succeeded,.status-ok{color:#1d6b27}
    .warn{background:#fde8e8;color:#8a1111;border:1px solid #e4a0a0;padding:.5em}
    .note{background:#fff6dc;border:1px solid #e8d48a;padding:.5em}
    code{font-size:.95em}footer{margin-top:2em;color:#666;font-size:.9em}
    """

  /// A whole page: `title` (escaped here), `body` (already markup), a meta refresh every `refresh` seconds when set.
  static func document(title: String, refresh: Int?, body: String) -> String {
    var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    if let refresh { out += "<meta http-equiv=\"refresh\" content=\"\(refresh)\">\n" }
    out += "<title>\(HTML.escape(title))</title>\n<style>\(css)</style>\n</head>\n<body>\n"
    out += body
    out += "</body>\n</html>\n"
    return out
  }

  /// A `<table>` with a caption and column headers (`scope="col"`); `rows` is the `<tr>` markup.
  static func table(caption: String, columns: [String], rows: String, empty: String) -> String {
    if rows.isEmpty { return "<p>\(HTML.escape(empty))</p>\n" }
    var out = "<table>\n<caption>\(HTML.escape(caption))</caption>\n<thead><tr>"
    for column in columns { out += "<th scope=\"col\">\(HTML.escape(column))</th>" }
    out += "</tr></thead>\n<tbody>\n\(rows)</tbody>\n</table>\n"
    return out
  }

  /// A `<td>` with escaped text, or `—` when nil; `numeric` right-aligns it.
  static func cell(_ text: String?, numeric: Bool = false, class extra: String? = nil) -> String {
    var classes: [String] = []
    if numeric { classes.append("num") }
    if let extra { classes.append(extra) }
    let attribute = classes.isEmpty ? "" : " class=\"\(HTML.escape(classes.joined(separator: " ")))\""
    return "<td\(attribute)>\(text.map(HTML.escape) ?? "—")</td>"
  }

  /// A run's status as text with a `status-…` class (the colour is a help, the word is the information).
  static func status(_ status: JobRunStatusText) -> String {
    "<td class=\"status-\(status.rawValue)\">\(HTML.escape(status.rawValue))</td>"
  }

  /// The footer: when the data was gathered.
  static func footer(generated: Date) -> String {
    "<footer>Generated \(Format.utc(generated)) by skep-control.</footer>\n"
  }
}

/// Anything whose raw value is a status word (`JobRun.Status`, `JobRunItem.Status`).
protocol JobRunStatusText {
  var rawValue: String { get }
}
