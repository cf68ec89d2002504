import Foundation
import SkepConfig

/// How a node boots, as far as its kernel command line goes.
public enum Bootloader: Sendable, Hashable {
  /// Raspberry Pi firmware: a one-line `cmdline.txt` at this path.
  case raspberryPi(cmdline: String)
  /// U-Boot with a `/boot/boot.txt` source compiled into `/boot/boot.scr`.
  case uboot
  /// U-Boot with only a compiled `/boot/boot.scr`: skep cannot edit it safely.
  case ubootCompiledOnly
  /// GRUB: `/etc/default/grub`.
  case grub

  /// The files that tell, in detection order.
  public static let candidates = [
    "/boot/firmware/cmdline.txt", "/boot/cmdline.txt", "/boot/boot.txt", "/boot/boot.scr", "/etc/default/grub",
  ]

  /// The first candidate that exists decides; nil when none does. Paths missing from `files` count as absent.
  public static func detect(files: [String: FileState]) -> Bootloader? {
    let present = candidates.filter { (files[$0] ?? .absent) != .absent }
    switch present.first {
    case "/boot/firmware/cmdline.txt": return .raspberryPi(cmdline: "/boot/firmware/cmdline.txt")
    case "/boot/cmdline.txt": return .raspberryPi(cmdline: "/boot/cmdline.txt")
    case "/boot/boot.txt": return .uboot
    case "/boot/boot.scr": return .ubootCompiledOnly
    case "/etc/default/grub": return .grub
    default: return nil
    }
  }
}

/// Adds or removes kernel command line tokens.
enum KernelCmdline {
  /// What `fsck_force: true` wants on the command line.
  static let forced = ["fsck.mode=force", "fsck.repair=yes"]

  /// `words` with the forced tokens present (other `fsck.mode=`/`fsck.repair=` values dropped) or absent; nil
  /// when nothing changes. Every other word keeps its place.
  static func edit(_ words: [String], force: Bool) -> [String]? {
    let result: [String]
    if force {
      let kept = words.filter { word in
        forced.contains(word) || !(word.hasPrefix("fsck.mode=") || word.hasPrefix("fsck.repair="))
      }
      result = kept + forced.filter { !kept.contains($0) }
    } else {
      result = words.filter { !forced.contains($0) }
    }
    return result == words ? nil : result
  }

  /// A space-separated command line edited like `edit(_:force:)`; nil when nothing changes.
  static func edit(line: String, force: Bool) -> String? {
    let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    return edit(words, force: force)?.joined(separator: " ")
  }
}

/// The kernel step: the command line of whichever bootloader the node has.
enum KernelStep {
  static func plan(_ kernel: SetupSection.Kernel, into builder: inout PlanBuilder) {
    let force = kernel.fsckForce.value
    for path in Bootloader.candidates where builder.facts.files[path] == nil {
      builder.problem(.kernel, "the probe did not report \(path)", at: kernel.location)
      return
    }
    let summary = force ? "add fsck.mode=force fsck.repair=yes to" : "remove fsck.mode=force fsck.repair=yes from"
    switch Bootloader.detect(files: builder.facts.files) {
    case .none:
      let list = Bootloader.candidates.joined(separator: ", ")
      builder.problem(.kernel, "the bootloader is unknown: none of \(list) exists", at: kernel.location)
    case .ubootCompiledOnly:
      builder.problem(
        .kernel, "/boot/boot.scr is a compiled U-Boot script without its /boot/boot.txt: skep cannot edit it safely",
        at: kernel.location)
    case .raspberryPi(let path):
      guard let text = builder.editableText(of: path, for: .kernel) else { return }
      let end = text.firstIndex(of: "\n") ?? text.endIndex
      guard let line = KernelCmdline.edit(line: String(text[..<end]), force: force) else { return }
      let content = line + text[end...]
      plan(path, content, "\(summary) \(path)", hook: nil, into: &builder)
    case .uboot:
      let path = "/boot/boot.txt"
      guard let text = builder.editableText(of: path, for: .kernel) else { return }
      guard let content = editBootTxt(text, force: force) else {
        if !text.contains("setenv bootargs") {
          builder.problem(.kernel, "\(path) has no 'setenv bootargs' line", at: kernel.location)
        }
        return
      }
      let hook = Hook(command: "mkimage -A arm -O linux -T script -C none -d /boot/boot.txt /boot/boot.scr", tool: nil)
      guard builder.facts.isSandboxNode || builder.facts.tools.contains("mkimage") else {
        builder.problem(
          .kernel, "\(path) needs a change but mkimage is missing to compile it (install u-boot-tools)",
          at: kernel.location)
        return
      }
      plan(path, content, "\(summary) \(path), then compile /boot/boot.scr", hook: hook, into: &builder)
    case .grub:
      let path = "/etc/default/grub"
      guard let text = builder.editableText(of: path, for: .kernel),
        let content = editGrub(text, force: force)
      else { return }
      let tools: [(tool: String, command: String)] = [
        ("update-grub", "update-grub"), ("grub-mkconfig", "grub-mkconfig -o /boot/grub/grub.cfg"),
        ("grub2-mkconfig", "grub2-mkconfig -o /boot/grub2/grub.cfg"),
      ]
      guard let found = tools.first(where: { builder.facts.tools.contains($0.tool) }) ?? sandboxDefault(builder) else {
        builder.problem(
          .kernel, "\(path) needs a change but none of update-grub, grub-mkconfig, grub2-mkconfig exists",
          at: kernel.location)
        return
      }
      let hook = Hook(command: found.command, tool: found.tool)
      plan(path, content, "\(summary) \(path), then \(found.command)", hook: hook, into: &builder)
    }
  }

  /// On a sandbox node the hook never runs: any command will do for the plan text.
  private static func sandboxDefault(_ builder: PlanBuilder) -> (tool: String, command: String)? {
    builder.facts.isSandboxNode ? ("update-grub", "update-grub") : nil
  }

  /// Writes a kernel file (edited in place: it keeps its own mode; a FAT /boot refuses chmod).
  private static func plan(
    _ path: String, _ content: String, _ summary: String, hook: Hook?, into builder: inout PlanBuilder
  ) {
    builder.write(.kernel, path: path, content: content, mode: nil, summary: summary, hook: hook)
  }

  /// `boot.txt` with every `setenv bootargs` line edited; nil when nothing changes.
  static func editBootTxt(_ text: String, force: Bool) -> String? {
    editLines(text) { line in
      let body = line.drop { $0 == " " || $0 == "\t" }
      let indent = line.prefix(line.count - body.count)
      guard body.hasPrefix("setenv bootargs ") else { return nil }
      let value = body.dropFirst("setenv bootargs ".count).trimmingCharacters(in: .whitespaces)
      let quoted = value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"")
      let words = quoted ? String(value.dropFirst().dropLast()) : value
      guard let edited = KernelCmdline.edit(line: words, force: force) else { return nil }
      return "\(indent)setenv bootargs " + (quoted ? "\"\(edited)\"" : edited)
    }
  }

  /// `/etc/default/grub` with `GRUB_CMDLINE_LINUX_DEFAULT` edited (added when missing and wanted); nil when
  /// nothing changes.
  static func editGrub(_ text: String, force: Bool) -> String? {
    let key = "GRUB_CMDLINE_LINUX_DEFAULT="
    let hasKey = text.split(separator: "\n").contains { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix(key) }
    if !hasKey {
      guard force else { return nil }
      let line = "\(key)\"\(KernelCmdline.forced.joined(separator: " "))\"\n"
      return text.isEmpty || text.hasSuffix("\n") ? text + line : text + "\n" + line
    }
    return editLines(text) { line in
      let body = line.drop { $0 == " " || $0 == "\t" }
      guard body.hasPrefix(key) else { return nil }
      let value = String(body.dropFirst(key.count))
      let quote = value.first.flatMap { $0 == "\"" || $0 == "'" ? $0 : nil }
      let quoted = quote != nil && value.count >= 2 && value.last == quote
      let words = quoted ? String(value.dropFirst().dropLast()) : value
      guard let edited = KernelCmdline.edit(line: words, force: force) else { return nil }
      let mark = quoted ? String(quote ?? "\"") : "\""
      return "\(line.prefix(line.count - body.count))\(key)\(mark)\(edited)\(mark)"
    }
  }

  /// `text` with each line `edit` returns a replacement for replaced; nil when no line is.
  private static func editLines(_ text: String, _ edit: (Substring) -> String?) -> String? {
    var changed = false
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      guard let replacement = edit(line) else { return String(line) }
      changed = true
      return replacement
    }
    return changed ? lines.joined(separator: "\n") : nil
  }
}
