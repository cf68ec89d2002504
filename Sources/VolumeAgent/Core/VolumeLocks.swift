/// One operation at a time per volume, inside the agent actor: a Mount, an Unmount's bookkeeping and the end of a
/// background snapshot never interleave on the same volume, while different volumes proceed independently.
struct VolumeLocks {
  private var busy: Set<String> = []
  private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

  /// Whether `volume` is free now; if so it is taken.
  mutating func tryTake(_ volume: String) -> Bool {
    guard !busy.contains(volume) else { return false }
    busy.insert(volume)
    return true
  }

  /// Queues a waiter for `volume`; it resumes when the lock is handed to it.
  mutating func enqueue(_ volume: String, _ continuation: CheckedContinuation<Void, Never>) {
    waiting[volume, default: []].append(continuation)
  }

  /// Hands the lock to the next waiter, or frees it.
  mutating func release(_ volume: String) {
    if var queue = waiting[volume], !queue.isEmpty {
      let next = queue.removeFirst()
      waiting[volume] = queue.isEmpty ? nil : queue
      next.resume()
    } else {
      busy.remove(volume)
    }
  }
}
