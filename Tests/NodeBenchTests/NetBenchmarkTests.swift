import Foundation
import Testing

@testable import NodeBench

/// The network agents over loopback: the receiver's count reaches the sender's line.
@Suite struct NetBenchmarkTests {
  final class Outcome: @unchecked Sendable {
    let lock = NSLock()
    var error: Error?
    var done = false
  }

  @Test func aSenderGetsTheReceiversCountForEachTransfer() async throws {
    let port = UInt16.random(in: 20000...40000)
    let outcome = Outcome()
    let server = NetBenchServer(host: "127.0.0.1", port: port, connections: 2, timeout: 30)
    let thread = Thread {
      do { try server.run { _ in } } catch { outcome.lock.withLock { outcome.error = error } }
      outcome.lock.withLock { outcome.done = true }
    }
    thread.start()
    var lines: [BenchLine] = []
    let client = NetBenchClient(host: "127.0.0.1", port: port, seconds: 0.5, repeats: 2, connectTimeout: 10)
    try client.run { lines.append($0) }
    let samples = lines.compactMap { line -> NetSample? in
      if case .netSample(let sample) = line { return sample }
      return nil
    }
    #expect(samples.map(\.run) == [1, 2])
    for sample in samples {
      #expect(sample.bytes == sample.sentBytes && sample.bytes > 0, "\(sample)")
      #expect(sample.seconds > 0.3 && sample.seconds <= sample.sendSeconds, "\(sample)")
    }
    for _ in 0..<50 where !outcome.lock.withLock({ outcome.done }) { try await Task.sleep(for: .milliseconds(100)) }
    #expect(outcome.lock.withLock { outcome.done && outcome.error == nil })
  }

  @Test func aServerWithoutSendersGivesUp() throws {
    let server = NetBenchServer(host: "127.0.0.1", port: UInt16.random(in: 40001...50000), connections: 1, timeout: 0.3)
    #expect(throws: NetBenchError.self) { try server.run { _ in } }
  }

  @Test func aSenderWithoutReceiverGivesUpAfterItsConnectTimeout() throws {
    let client = NetBenchClient(
      host: "127.0.0.1", port: UInt16.random(in: 50001...60000), seconds: 1, repeats: 1, connectTimeout: 0.5)
    let start = Date()
    #expect(throws: NetBenchError.self) { try client.run { _ in } }
    #expect(Date().timeIntervalSince(start) >= 0.5)
  }
}
