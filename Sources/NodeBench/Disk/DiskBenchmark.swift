#if canImport(Glibc)
  import Foundation
  import Glibc

  /// What `skep agent bench-disk` does on a node: in `directory`, for each pass of the options and each repeat, write
  /// a fresh file sequentially (fsync included) and read it back; one ``BenchLine`` per result. Direct I/O when the
  /// file system takes it, else buffered with the file's cache dropped before reads (said in the setup line). The
  /// file is removed at the end, and the folder too when the run created it.
  public struct DiskBenchmark: Sendable {
    public var directory: String
    public var options: DiskBenchOptions
    /// Try `O_DIRECT` first (false only in tests of the fallback: this kernel's tmpfs takes `O_DIRECT`, since 6.6).
    var tryDirect = true

    public init(directory: String, options: DiskBenchOptions) {
      self.directory = directory
      self.options = options
    }

    public func run(emit: (BenchLine) -> Void) throws {
      let created = try makeDirectory()
      defer { if created { rmdir(directory) } }
      let path = "\(directory)/skep-bench-\(getpid()).dat"
      defer { unlink(path) }
      let buffer = try AlignedBuffer(size: DiskBenchOptions.largeBlock)
      let direct = try tryDirect && probeDirect(path: path, buffer: buffer)
      emit(.diskSetup(setup(direct: direct)))
      let file = DiskFile(path: path, direct: direct)
      for pass in options.passes {
        for run in 1...options.repeats {
          let written = try file.write(size: pass.fileSize, blockSize: pass.blockSize, from: buffer)
          emit(
            .diskSample(
              DiskSample(operation: .write, blockSize: pass.blockSize, run: run, bytes: pass.fileSize, seconds: written)
            ))
          let read = try file.read(size: pass.fileSize, blockSize: pass.blockSize, into: buffer)
          emit(
            .diskSample(
              DiskSample(
                operation: .read, blockSize: pass.blockSize, run: run, bytes: read.bytes, seconds: read.seconds)
            ))
        }
      }
    }

    /// Creates the folder when missing (its parent must exist); returns whether it did.
    func makeDirectory() throws -> Bool {
      if mkdir(directory, 0o755) == 0 { return true }
      let code = errno
      guard code == EEXIST else { throw DiskBenchError("mkdir \(directory)", errno: code) }
      return false
    }

    /// One aligned 1 MiB direct write: false when the file system refuses `O_DIRECT`.
    func probeDirect(path: String, buffer: AlignedBuffer) throws -> Bool {
      defer { unlink(path) }
      do {
        _ = try DiskFile(path: path, direct: true).write(
          size: DiskBenchOptions.largeBlock, blockSize: DiskBenchOptions.largeBlock, from: buffer)
        return true
      } catch is DiskFile.DirectRefused {
        return false
      }
    }

    func setup(direct: Bool) -> DiskSetup {
      let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
      let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
      return DiskSetup(
        directory: directory, fileSystem: MountTableLookup.fileSystem(of: directory, mountinfo: mountinfo),
        memoryBytes: MountTableLookup.memoryBytes(meminfo: meminfo), direct: direct)
    }
  }
#endif
