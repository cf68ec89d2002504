import Foundation

/// Runs a blocking call (a pipe read or write) on a Dispatch thread, so it never holds one of the few threads of
/// Swift's cooperative pool while it waits.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async {
      continuation.resume(with: Result { try body() })
    }
  }
}
