import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// The daemon could not be reached at all (no socket, refused, unresolvable, timed out).
struct ConnectError: Error {
  var transport: DockerEndpoint.Transport
  var cause: any Error
}

/// Turns errors from NIO, NIOSSL and the connector into the one-line `reason` of `DockerEngineError.transport`.
enum TransportErrorText {
  /// Marks a reason as a failure to connect; `DockerEngineError.description` words those differently.
  static let connectPrefix = "cannot connect: "

  /// - Parameters:
  ///   - error: what NIO, NIOSSL or the connector threw.
  ///   - host: the host we dialled, to name it when its certificate does not match.
  static func reason(_ error: any Error, host: String? = nil) -> String {
    switch error {
    case let error as ConnectError:
      return connectPrefix + connectReason(error)
    case let error as IOError:
      return message(errno: error.errnoCode)
    case let error as NIOSSLError:
      return tlsReason(error)
    case let error as BoringSSLError:
      return "TLS error: " + boringSSLReason(error)
    case let error as NIOSSLExtraError where error == .failedToValidateHostname:
      return "TLS: the daemon's certificate is not valid for \(host ?? "this host") (not in its subjectAltName)"
    case let error as NIOSSLExtraError:
      return "TLS error: \(error)"
    case let error as ChannelError:
      if case .connectTimeout(let amount) = error { return "timed out after \(seconds(amount))" }
      return "\(error)"
    default:
      return "\(error)"
    }
  }

  private static func connectReason(_ error: ConnectError) -> String {
    var cause = error.cause
    if let happyEyeballs = cause as? NIOConnectionError {
      if happyEyeballs.dnsAError != nil, happyEyeballs.dnsAAAAError != nil || happyEyeballs.connectionErrors.isEmpty {
        return "cannot resolve host \(happyEyeballs.host)"
      }
      if let first = happyEyeballs.connectionErrors.first { cause = first.error }
    }
    let isUnix: Bool
    if case .unix = error.transport { isUnix = true } else { isUnix = false }
    switch cause {
    case let io as IOError:
      let hint: String
      switch io.errnoCode {
      case ENOENT, ECONNREFUSED: hint = isUnix ? " (is dockerd running there?)" : " (is dockerd listening there?)"
      case EACCES: hint = isUnix ? " (is your user in the docker group?)" : ""
      default: hint = ""
      }
      return message(errno: io.errnoCode) + hint
    case ChannelError.connectTimeout(let amount):
      return "timed out after \(seconds(amount)) (is the host up and the port open?)"
    default:
      return reason(cause)
    }
  }

  private static func tlsReason(_ error: NIOSSLError) -> String {
    switch error {
    case .handshakeFailed(let boring):
      return "TLS handshake failed: " + boringSSLReason(boring)
    case .uncleanShutdown:
      return "TLS connection closed uncleanly"
    default:
      return "TLS error: \(error)"
    }
  }

  /// `CERTIFICATE_VERIFY_FAILED` from BoringSSL's `error:…:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED
  /// at file:line` becomes "certificate verify failed", with a hint for the usual causes.
  private static func boringSSLReason(_ error: BoringSSLError) -> String {
    let stack: NIOBoringSSLErrorStack
    switch error {
    case .sslError(let errors), .unknownError(let errors): stack = errors
    default: return "\(error)"
    }
    let codes = stack.map { entry -> String in
      let text = "\(entry)"
      guard let marker = text.range(of: "OPENSSL_internal:") else { return text }
      let rest = text[marker.upperBound...]
      return String(rest.prefix { $0 != " " })
    }
    guard !codes.isEmpty else { return "\(error)" }
    return codes.map { code in
      let words = code.lowercased().replacingOccurrences(of: "_", with: " ")
      switch code {
      case "CERTIFICATE_VERIFY_FAILED":
        return words + " (the daemon's certificate is not signed by the CA in ca.pem, or has expired)"
      case "TLSV1_ALERT_CERTIFICATE_REQUIRED":
        return words + " (the daemon requires a client certificate: cert.pem and key.pem next to ca.pem)"
      case "SSLV3_ALERT_HANDSHAKE_FAILURE", "TLSV1_ALERT_UNKNOWN_CA", "SSLV3_ALERT_BAD_CERTIFICATE":
        return words + " (the daemon refused our client certificate: check cert.pem and key.pem)"
      default:
        return words
      }
    }.joined(separator: "; ")
  }

  private static func message(errno code: CInt) -> String {
    String(cString: strerror(code))
  }

  private static func seconds(_ amount: TimeAmount) -> String {
    let millis = amount.nanoseconds / 1_000_000
    return millis % 1000 == 0 ? "\(millis / 1000)s" : "\(millis)ms"
  }
}
