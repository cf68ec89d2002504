import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One-line reasons for what NIO and NIOSSL throw, shared by the SMTP and webhook errors.
enum TransportText {
  static func reason(_ error: any Error) -> String {
    switch error {
    case let error as NIOConnectionError:
      if error.dnsAError != nil, error.dnsAAAAError != nil || error.connectionErrors.isEmpty {
        return "cannot resolve host \(error.host)"
      }
      if let first = error.connectionErrors.first { return reason(first.error) }
      return "cannot connect to \(error.host):\(error.port)"
    case let error as IOError:
      return String(cString: strerror(error.errnoCode)).lowercased()
    case ChannelError.connectTimeout(let amount):
      return "connect timed out after \(SMTPError.seconds(amount))"
    case let error as NIOSSLError:
      if case .handshakeFailed(let boring) = error { return "TLS handshake failed: " + boringReason(boring) }
      if case .uncleanShutdown = error { return "TLS connection closed uncleanly" }
      return "TLS error: \(error)"
    case let error as BoringSSLError:
      return "TLS error: " + boringReason(error)
    case let error as NIOSSLExtraError where error == .failedToValidateHostname:
      return "TLS: the server's certificate is not valid for this host name or address"
    case let error as TLSSetupError:
      return error.description
    default:
      return "\(error)"
    }
  }

  private static func boringReason(_ error: BoringSSLError) -> String {
    let text = "\(error)"
    if text.contains("CERTIFICATE_VERIFY_FAILED") {
      return "certificate verify failed (not signed by a trusted CA: give the CA file, or check the server's chain)"
    }
    return text
  }
}
