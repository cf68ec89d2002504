import Foundation

extension NodePlan {
  /// The script that applies every change in step order (`sh -s` as root, `set -eu`), then sends dockerd SIGHUP
  /// when the plan needs a reload and `dockerPidFile` is given. A restart is never in it: the caller drains the
  /// node and restarts dockerd. `root` prefixes every file path (tests use a temporary folder); the pid file is
  /// not prefixed. Pass nil as `dockerPidFile` to reload dockerd yourself.
  public func applyScript(root: String = "", dockerPidFile: String? = NodePlan.defaultDockerPidFile) -> String {
    var lines = [ApplyScript.prelude(root: root)]
    for change in changes {
      lines.append("# \(change.step.rawValue): \(change.summary)")
      lines += change.actions.map(ApplyScript.render)
    }
    if docker == .reload, let dockerPidFile {
      lines.append(ApplyScript.reload(pidFile: dockerPidFile))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension NodeChange {
  /// This change alone, as a script like `NodePlan.applyScript(root:dockerPidFile:)`.
  public func script(root: String = "") -> String {
    ([ApplyScript.prelude(root: root)] + actions.map(ApplyScript.render)).joined(separator: "\n") + "\n"
  }
}

enum ApplyScript {
  static func prelude(root: String) -> String {
    #"""
    set -eu
    R=\#(Shell.quote(root))
    skep_live() { [ ! -e "$R\#(NodeProbe.sandboxMarker)" ]; }
    skep_has() { command -v "$1" >/dev/null 2>&1; }
    skep_write() {
      skep_d=$(dirname "$R$1")
      mkdir -p "$skep_d"
      skep_t=$(mktemp "$skep_d/.skep.XXXXXX")
      printf '%s' "$4" | base64 -d > "$skep_t"
      if [ -n "$2" ]; then
        chmod "$2" "$skep_t"
      elif [ -e "$R$1" ]; then
        chmod --reference="$R$1" "$skep_t" 2>/dev/null || true
      else
        chmod 0644 "$skep_t" 2>/dev/null || true
      fi
      if [ -n "$3" ]; then chown "$3:" "$skep_t"; fi
      mv -f "$skep_t" "$R$1"
    }
    skep_folder() {
      mkdir -p "$R$1"
      chmod "$2" "$R$1"
      if [ -n "$3" ]; then chown "$3:" "$R$1"; fi
    }
    """#
  }

  static func render(_ action: SetupAction) -> String {
    switch action {
    case .writeFile(let path, let content, let mode, let owner):
      let data = Data(content.utf8).base64EncodedString()
      return "skep_write \(Shell.quote(path)) \(Shell.quote(mode ?? "")) \(Shell.quote(owner ?? "")) '\(data)'"
    case .makeFolder(let path, let mode, let owner):
      return "skep_folder \(Shell.quote(path)) \(mode) \(Shell.quote(owner ?? ""))"
    case .liveCommand(let command, let tool):
      let condition = tool.map { "skep_live && skep_has \(Shell.quote($0))" } ?? "skep_live"
      return "if \(condition); then \(command); fi"
    }
  }

  /// SIGHUP to dockerd: its pid file, else (on a real node only) `pidof dockerd`. A sandbox node runs one
  /// dockerd among several on the same host: there only its own pid file is trusted.
  static func reload(pidFile: String) -> String {
    let file = Shell.quote(pidFile)
    return #"""
      # dockerd reloads its configuration on SIGHUP
      skep_pid=$(cat \#(file) 2>/dev/null || true)
      if [ -z "$skep_pid" ]; then
        if skep_live; then skep_pid=$(pidof dockerd); else echo "skep: no dockerd pid in \#(pidFile)" >&2; exit 1; fi
      fi
      kill -HUP "$skep_pid"
      """#
  }
}
