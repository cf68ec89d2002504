import Testing

@testable import VolumeAgent

@Suite struct VolumeAgentDefaultsTests {
  @Test func dataLivesOutsideDockersOwnDirectory() {
    #expect(!VolumeAgentDefaults.volumesRoot.hasPrefix("/var/lib/docker"))
    #expect(VolumeAgentDefaults.socketPath.hasSuffix("/\(VolumeAgentDefaults.driverName).sock"))
  }
}
