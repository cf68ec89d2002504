import ArgumentParser
import Sandbox

/// `--dir`, shared by every sandbox command.
struct SandboxDirectoryOption: ParsableArguments {
  @Option(help: "Sandbox directory (default: $SKEP_SANDBOX_DIR, else ./.skep-sandbox).")
  var dir: String?

  var directory: String { SandboxOptions.absolute(dir ?? SandboxOptions.defaultDirectory()) }
}
