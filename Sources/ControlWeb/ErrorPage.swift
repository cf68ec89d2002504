import Foundation

/// The page for a request that leads nowhere (404) or a backend that failed (500).
public enum ErrorPage {
  /// A short page: `title` as heading, `message` below, and a link back to the dashboard. Both are escaped.
  public static func render(status: Int, title: String, message: String) -> String {
    let body = """
      <h1>\(status) \(HTML.escape(title))</h1>
      <p>\(HTML.escape(message))</p>
      <p><a href="/">Back to the dashboard</a></p>

      """
    return PageLayout.document(title: "\(status) \(title)", refresh: nil, body: body)
  }

  /// The 404 page for `path`.
  public static func notFound(path: String) -> String {
    render(status: 404, title: "Not found", message: "Nothing here: \(path)")
  }
}
