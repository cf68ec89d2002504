import NodeSetup
import SkepConfig
import Testing

@Suite struct KernelStepTests {
  func plan(_ files: [String: String], force: Bool = true, sandbox: Bool = false, tools: Set<String>? = nil)
    -> (NodePlan, NodeFacts)
  {
    var facts = debian(bootFiles(files), sandbox: sandbox)
    if let tools { facts.tools = tools }
    return (SetupPlanner.plan(profile: profile(kernel: force), facts: facts, secrets: [:]), facts)
  }

  func expectIdempotent(_ result: (NodePlan, NodeFacts), force: Bool = true) {
    let again = SetupPlanner.plan(
      profile: profile(kernel: force), facts: applyingFiles(result.0, to: result.1), secrets: [:])
    #expect(again.isEmpty)
  }

  @Test func detectionOrder() {
    let all = Dictionary(uniqueKeysWithValues: Bootloader.candidates.map { ($0, FileState.text("x")) })
    #expect(Bootloader.detect(files: all) == .raspberryPi(cmdline: "/boot/firmware/cmdline.txt"))
    var files = all
    files["/boot/firmware/cmdline.txt"] = .absent
    #expect(Bootloader.detect(files: files) == .raspberryPi(cmdline: "/boot/cmdline.txt"))
    files["/boot/cmdline.txt"] = .absent
    #expect(Bootloader.detect(files: files) == .uboot)
    files["/boot/boot.txt"] = .absent
    #expect(Bootloader.detect(files: files) == .ubootCompiledOnly)
    files["/boot/boot.scr"] = .absent
    #expect(Bootloader.detect(files: files) == .grub)
    files["/etc/default/grub"] = .absent
    #expect(Bootloader.detect(files: files) == nil)
  }

  @Test func raspberryPiCmdlineKeepsOneLine() {
    let path = "/boot/firmware/cmdline.txt"
    let result = plan([path: "console=tty1 root=PARTUUID=abc-02 fsck.repair=preen rootwait\n"])
    #expect(written(result.0, path) == "console=tty1 root=PARTUUID=abc-02 rootwait fsck.mode=force fsck.repair=yes\n")
    #expect(result.0.changes[0].actions.count == 1)
    expectIdempotent(result)
    let off = plan([path: "console=tty1 fsck.mode=force rootwait fsck.repair=yes"], force: false)
    #expect(written(off.0, path) == "console=tty1 rootwait")
    expectIdempotent(off, force: false)
  }

  @Test func ubootBootTxtIsEditedAndCompiled() {
    let text = """
      part uuid ${devtype} ${devnum}:${bootpart} uuid
      setenv bootargs console=ttyS1,115200 root=PARTUUID=${uuid} rw rootwait smsc95xx.macaddr="${usbethaddr}"
      load ${devtype} ${devnum}:${bootpart} ${kernel_addr_r} /boot/zImage

      """
    let result = plan(["/boot/boot.txt": text, "/boot/boot.scr": "compiled"], tools: ["mkimage"])
    let expected = text.replacingOccurrences(
      of: #"="${usbethaddr}""#, with: #"="${usbethaddr}" fsck.mode=force fsck.repair=yes"#)
    #expect(written(result.0, "/boot/boot.txt") == expected)
    #expect(
      result.0.changes[0].actions.last
        == .liveCommand("mkimage -A arm -O linux -T script -C none -d /boot/boot.txt /boot/boot.scr", tool: nil))
    expectIdempotent(result)
    let quoted = plan(["/boot/boot.txt": "setenv bootargs \"root=/dev/mmcblk0p2 rw\"\n"], tools: ["mkimage"])
    #expect(
      written(quoted.0, "/boot/boot.txt")
        == "setenv bootargs \"root=/dev/mmcblk0p2 rw fsck.mode=force fsck.repair=yes\"\n")
  }

  @Test func ubootWithoutMkimageIsAProblem() {
    let result = plan(["/boot/boot.txt": "setenv bootargs root=/dev/sda1\n"], tools: [])
    #expect(result.0.changes.isEmpty)
    #expect(
      result.0.problems.map(\.message) == [
        "/boot/boot.txt needs a change but mkimage is missing to compile it (install u-boot-tools)"
      ])
  }

  @Test func aCompiledScriptAloneIsAProblem() {
    let result = plan(["/boot/boot.scr": "binary"])
    #expect(result.0.changes.isEmpty)
    #expect(result.0.problems.first?.message.hasPrefix("/boot/boot.scr is a compiled U-Boot script") == true)
  }

  @Test func grubDefaultLineIsEditedOrAdded() {
    let grub = "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"\"\n"
    let result = plan(["/etc/default/grub": grub])
    #expect(
      written(result.0, "/etc/default/grub")
        == "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet fsck.mode=force fsck.repair=yes\"\nGRUB_CMDLINE_LINUX=\"\"\n"
    )
    #expect(result.0.changes[0].actions.last == .liveCommand("update-grub", tool: "update-grub"))
    expectIdempotent(result)
    let missing = plan(["/etc/default/grub": "GRUB_DEFAULT=0"], tools: ["grub2-mkconfig"])
    #expect(
      written(missing.0, "/etc/default/grub")
        == "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"fsck.mode=force fsck.repair=yes\"\n")
    #expect(missing.0.changes[0].summary.hasSuffix("then grub2-mkconfig -o /boot/grub2/grub.cfg"))
    expectIdempotent(missing)
    #expect(plan(["/etc/default/grub": "GRUB_DEFAULT=0\n"], force: false).0.isEmpty)
    let none = plan(["/etc/default/grub": grub], tools: [])
    #expect(none.0.problems.first?.message.contains("none of update-grub, grub-mkconfig, grub2-mkconfig") == true)
  }

  @Test func unknownBootloader() {
    let result = plan([:])
    #expect(result.0.changes.isEmpty)
    #expect(
      result.0.problems.map(\.message) == [
        "the bootloader is unknown: none of /boot/firmware/cmdline.txt, /boot/cmdline.txt, /boot/boot.txt, "
          + "/boot/boot.scr, /etc/default/grub exists"
      ])
    #expect(result.0.problems.first?.location == here)
  }

  @Test func aSandboxNodeWritesItsOwnBootFilesButRunsNoBootLoaderTool() {
    let pi = plan(["/boot/cmdline.txt": "root=/dev/mmcblk0p2\n"], sandbox: true)
    #expect(written(pi.0, "/boot/cmdline.txt") == "root=/dev/mmcblk0p2 fsck.mode=force fsck.repair=yes\n")
    expectIdempotent(pi)
    let uboot = plan(["/boot/boot.txt": "setenv bootargs root=/dev/sda1\n"], sandbox: true, tools: [])
    #expect(uboot.0.problems.isEmpty)
    #expect(uboot.0.changes.map(\.notes) == [[NodePlan.sandboxNote]])
    let grub = plan(["/etc/default/grub": "GRUB_DEFAULT=0\n"], sandbox: true, tools: [])
    #expect(grub.0.changes.map(\.notes) == [[NodePlan.sandboxNote]])
    #expect(grub.0.rendered().contains("  (live system left alone (sandbox node))\n"))
  }
}
