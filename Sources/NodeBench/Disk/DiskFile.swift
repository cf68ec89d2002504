#if canImport(Glibc)
  import Glibc

  /// One timed sequential pass over a file: write it whole (then fsync) or read it whole, in `blockSize` requests.
  struct DiskFile {
    var path: String
    /// Open with `O_DIRECT`; otherwise buffered, with the page cache dropped for the file before a read.
    var direct: Bool

    /// The file system refused `O_DIRECT` (EINVAL at open or at the first request).
    struct DirectRefused: Error {}

    /// Writes `size` bytes from `buffer` in `blockSize` requests, then fsyncs; returns the seconds from open to the
    /// end of the fsync (what `dd oflag=direct conv=fsync` counts).
    func write(size: Int, blockSize: Int, from buffer: AlignedBuffer) throws -> Double {
      let start = Monotonic.now()
      let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | (direct ? DirectIO.openFlag : 0), 0o600)
      guard fd >= 0 else { throw refusal(errno, "open \(path) for writing") }
      defer { close(fd) }
      var done = 0
      while done < size {
        let count = Glibc.write(fd, buffer.pointer, min(blockSize, size - done))
        guard count > 0 else {
          let code = errno
          if direct, done == 0, code == EINVAL { throw DirectRefused() }
          throw DiskBenchError("write \(path) at \(done)", errno: count == 0 ? EIO : code)
        }
        done += count
      }
      guard fsync(fd) == 0 else { throw DiskBenchError("fsync \(path)", errno: errno) }
      return Monotonic.now() - start
    }

    /// Reads the file to its end (at most `size` bytes) in `blockSize` requests; returns (bytes, seconds). Buffered,
    /// the file's cached pages are dropped first (`posix_fadvise(DONTNEED)`, after the write's fsync left them clean).
    func read(size: Int, blockSize: Int, into buffer: AlignedBuffer) throws -> (bytes: Int, seconds: Double) {
      if !direct { try dropCache() }
      let start = Monotonic.now()
      let fd = open(path, O_RDONLY | (direct ? DirectIO.openFlag : 0))
      guard fd >= 0 else { throw refusal(errno, "open \(path) for reading") }
      defer { close(fd) }
      var done = 0
      while done < size {
        let count = Glibc.read(fd, buffer.pointer, min(blockSize, size - done))
        if count == 0 { break }
        guard count > 0 else {
          let code = errno
          if direct, done == 0, code == EINVAL { throw DirectRefused() }
          throw DiskBenchError("read \(path) at \(done)", errno: code)
        }
        done += count
      }
      return (done, Monotonic.now() - start)
    }

    func dropCache() throws {
      let fd = open(path, O_RDONLY)
      guard fd >= 0 else { throw DiskBenchError("open \(path)", errno: errno) }
      defer { close(fd) }
      _ = fdatasync(fd)
      let status = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
      guard status == 0 else { throw DiskBenchError("posix_fadvise(DONTNEED) \(path)", errno: status) }
    }

    func remove() { unlink(path) }

    private func refusal(_ code: Int32, _ what: String) -> Error {
      direct && code == EINVAL ? DirectRefused() : DiskBenchError(what, errno: code)
    }
  }

  /// CLOCK_MONOTONIC in seconds.
  enum Monotonic {
    static func now() -> Double {
      var spec = timespec()
      clock_gettime(CLOCK_MONOTONIC, &spec)
      return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
  }
#endif
