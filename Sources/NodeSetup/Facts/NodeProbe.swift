import SkepConfig

/// The read-only script that gathers a node's `NodeFacts`.
///
/// It runs as root through `sh -s` and prints one fact per line between a `skep-probe 1` header and an `end`
/// line:
///
///     sandbox yes|no
///     manager apt-get|pacman|dnf|none
///     tool NAME                              (one per tool found)
///     package installed|missing NAME
///     user NAME absent | user NAME home HOME
///     groups NAME GROUP…
///     file present BASE64 PATH | file absent - PATH | file other - PATH   (BASE64 is - for an empty file)
///
/// PATH and HOME are the rest of the line. It uses only sh, coreutils, base64, getent, id and the package
/// manager's query command.
public enum NodeProbe {
  /// The tools whose presence the probe reports.
  public static let tools = [
    "update-grub", "grub-mkconfig", "grub2-mkconfig", "mkimage", "udevadm", "msmtp", "logrotate", "systemctl",
  ]
  /// The file whose presence marks a skep sandbox node.
  public static let sandboxMarker = "/etc/skep-sandbox-node"
  /// Where the distribution's `ID` is read.
  public static let osReleasePath = "/etc/os-release"

  /// The fixed paths the probe reads for this profile (the admin's `authorized_keys` depends on its home folder
  /// and is read too).
  public static func paths(profile: SetupSection) -> [String] {
    var paths = [osReleasePath]
    if profile.docker != nil { paths.append(ManagedPath.daemonJSON) }
    if profile.journald != nil { paths.append(ManagedPath.journald) }
    if profile.ioScheduler != nil { paths.append(ManagedPath.udevRule) }
    if profile.kernel != nil { paths += Bootloader.candidates }
    if profile.logrotate != nil { paths.append(ManagedPath.logrotate) }
    if profile.mailRelay != nil { paths.append(ManagedPath.msmtprc) }
    return paths
  }

  /// The probe script for this profile. `root` prefixes every file path (tests point it at a temporary folder);
  /// "" is the node's own `/`. Tools, packages and accounts are always the node's own.
  public static func script(profile: SetupSection, root: String = "") -> String {
    var lines = [header(root: root)]
    lines += (profile.packages ?? []).map { "skep_pkg \(Shell.quote($0.value))" }
    lines += paths(profile: profile).map { "skep_file \(Shell.quote($0))" }
    if let admin = profile.admin { lines.append(user(admin.user)) }
    lines.append("echo end")
    return lines.joined(separator: "\n") + "\n"
  }

  private static func header(root: String) -> String {
    #"""
    set -u
    R=\#(Shell.quote(root))
    skep_file() {
      if [ -f "$R$1" ]; then
        if skep_c=$(base64 -w 0 < "$R$1"); then
          printf 'file present %s %s\n' "${skep_c:--}" "$1"
        else
          printf 'file other - %s\n' "$1"
        fi
      elif [ -e "$R$1" ] || [ -L "$R$1" ]; then
        printf 'file other - %s\n' "$1"
      else
        printf 'file absent - %s\n' "$1"
      fi
    }
    echo 'skep-probe 1'
    if [ -e "$R\#(sandboxMarker)" ]; then echo 'sandbox yes'; else echo 'sandbox no'; fi
    skep_m=none
    for skep_x in apt-get pacman dnf; do
      if command -v "$skep_x" >/dev/null 2>&1; then skep_m=$skep_x; break; fi
    done
    echo "manager $skep_m"
    for skep_x in \#(tools.joined(separator: " ")); do
      if command -v "$skep_x" >/dev/null 2>&1; then echo "tool $skep_x"; fi
    done
    skep_pkg() {
      case "$skep_m" in
        apt-get)
          case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" in
            *" installed") skep_s=installed ;;
            *) skep_s=missing ;;
          esac ;;
        pacman) if pacman -Q "$1" >/dev/null 2>&1; then skep_s=installed; else skep_s=missing; fi ;;
        dnf) if rpm -q "$1" >/dev/null 2>&1; then skep_s=installed; else skep_s=missing; fi ;;
        *) return 0 ;;
      esac
      printf 'package %s %s\n' "$skep_s" "$1"
    }
    """#
  }

  private static func user(_ name: String) -> String {
    let quoted = Shell.quote(name)
    return #"""
      if skep_e=$(getent passwd \#(quoted)); then
        skep_h=$(printf '%s\n' "$skep_e" | cut -d: -f6)
        printf 'user %s home %s\n' \#(quoted) "$skep_h"
        printf 'groups %s %s\n' \#(quoted) "$(id -nG \#(quoted))"
        skep_file "$skep_h/.ssh/authorized_keys"
      else
        printf 'user %s absent\n' \#(quoted)
      fi
      """#
  }
}
