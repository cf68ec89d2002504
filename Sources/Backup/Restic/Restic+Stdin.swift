import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Restic {
  /// Backs up what `source` produces as one file, `filename`, of a new snapshot (`restic backup --stdin`).
  ///
  /// A dump that fails or is cut off never becomes a snapshot. restic 0.14 has no `--stdin-from-command`, and once
  /// it sees end of input it writes a snapshot of whatever it got. So skep relays the bytes itself and keeps
  /// restic's standard input open until the producer has ended: if it succeeded, skep closes the input and restic
  /// writes the snapshot; if it failed, skep interrupts restic (SIGINT) with the input still open, and restic exits
  /// without a snapshot (its data already uploaded stays unreferenced until the next `prune`). Should restic still
  /// report a snapshot (a race skep cannot rule out), skep forgets that id at once and reports the failure.
  ///
  /// Throws ``ResticError/producerFailed(reason:)`` for a failed dump and restic's own errors otherwise.
  public func backupStdin(
    from source: some DumpSource, filename: String, tags: SnapshotTags, host: String = SnapshotTags.fixedHost,
    time: Date? = nil
  ) async throws(ResticError) -> SnapshotSummary {
    // A write into the pipe of a restic that already exited must fail with EPIPE, not kill skep.
    signal(SIGPIPE, SIG_IGN)
    var arguments = ["backup", "--json", "--compression", compression.rawValue, "--host", host, "--stdin"]
    arguments += ["--stdin-filename", filename]
    arguments += tags.rendered.flatMap { ["--tag", $0] }
    if let time { arguments += ["--time", Self.resticTime(time)] }
    let state = RelayState()
    let feed: @Sendable (FileHandle) async throws -> StdinEnding = { handle in
      let input = HandleBox(handle: handle)
      do {
        for try await chunk in source.bytes() {
          do {
            try await blocking { try input.handle.write(contentsOf: chunk) }
          } catch {
            // restic stopped reading (it failed): its own error says why.
            state.set(.resticGone)
            source.cancel()
            return .close
          }
        }
      } catch {
        state.set(.producer(.failed(reason: "the dump was cut off: \(error)")))
        source.cancel()
        return .interrupt
      }
      let outcome = await source.outcome()
      state.set(.producer(outcome))
      return outcome == .succeeded ? .close : .interrupt
    }
    let output: ProcessOutput
    do throws(ResticError) {
      output = try await execute(arguments, stdin: feed)
    } catch {
      if case .producer(.failed(let reason)) = state.value { throw .producerFailed(reason: reason) }
      throw error
    }
    let summary = try Self.summary(in: output.stdout)
    if case .producer(.failed(let reason)) = state.value {
      try await forget(snapshotIDs: [summary.snapshotID])
      throw .producerFailed(reason: reason)
    }
    return summary
  }
}

/// What the relay saw, shared between the feeding closure and the caller.
private final class RelayState: @unchecked Sendable {
  enum Value {
    case running
    case resticGone
    case producer(DumpOutcome)
  }

  private let lock = NSLock()
  private var current = Value.running

  var value: Value { lock.withLock { current } }
  func set(_ value: Value) { lock.withLock { current = value } }
}
