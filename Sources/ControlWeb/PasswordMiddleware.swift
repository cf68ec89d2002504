import Foundation
import Hummingbird

/// Lets a request through when it carries the password, as HTTP Basic (any user name) or as `Bearer PASSWORD`;
/// answers every other request 401 with `WWW-Authenticate: Basic realm="skep"`. `openPaths` (`/healthz`) need no
/// password. Neither the password nor the `Authorization` header is ever logged.
struct PasswordMiddleware<Context: RequestContext>: RouterMiddleware {
  let password: [UInt8]
  let openPaths: Set<String>

  init(password: String, openPaths: Set<String>) {
    self.password = Array(password.utf8)
    self.openPaths = openPaths
  }

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    if openPaths.contains(request.uri.path) || isAuthorized(request.headers[.authorization]) {
      return try await next(request, context)
    }
    return Response(
      status: .unauthorized,
      headers: [
        .wwwAuthenticate: "Basic realm=\"skep\"", .contentType: "text/plain; charset=utf-8",
        .cacheControl: "no-store",
      ],
      body: ResponseBody(byteBuffer: ByteBuffer(string: "401 Unauthorized: this skep-control needs its password.\n")))
  }

  /// True when `header` is `Basic base64(user:PASSWORD)` or `Bearer PASSWORD` (scheme names in any case).
  func isAuthorized(_ header: String?) -> Bool {
    guard let header, let space = header.firstIndex(of: " ") else { return false }
    let scheme = header[..<space].lowercased()
    let credentials = header[header.index(after: space)...].trimmingCharacters(in: .whitespaces)
    switch scheme {
    case "bearer":
      return Self.constantTimeEqual(Array(credentials.utf8), password)
    case "basic":
      guard let decoded = Data(base64Encoded: credentials), let colon = decoded.firstIndex(of: UInt8(ascii: ":"))
      else { return false }
      return Self.constantTimeEqual(Array(decoded[decoded.index(after: colon)...]), password)
    default:
      return false
    }
  }

  /// Compares in a time that depends on `expected`'s length only, not on where `given` differs.
  static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
    var difference: UInt8 = given.count == expected.count ? 0 : 1
    for index in expected.indices {
      difference |= expected[index] ^ (index < given.count ? given[index] : 0)
    }
    return difference == 0 && !expected.isEmpty
  }
}
