import SkepConfig
import Testing

@Suite struct InventoryRegistryEditTests {
  @Test func replacesTheValueAndKeepsTheComment() {
    let text = "managers: 3\nregistry: 10.0.0.2:5000   # the NAS\nnodes:\n  - name: a\n"
    #expect(
      InventoryRegistryEdit.setting("10.0.0.5:5000", in: text)
        == "managers: 3\nregistry: 10.0.0.5:5000   # the NAS\nnodes:\n  - name: a\n")
  }

  @Test func replacesAQuotedValueWithAHashInside() {
    let text = "registry: \"a #b\"\n"
    #expect(InventoryRegistryEdit.setting("h:5000", in: text) == "registry: h:5000\n")
  }

  @Test func addsTheLineAfterManagersWhenThereIsNone() {
    let text = "# my lab\nmanagers: 1\nnodes:\n  - name: a\n    registry: not-top-level\n"
    #expect(
      InventoryRegistryEdit.setting("h:5000", in: text)
        == "# my lab\nmanagers: 1\nregistry: h:5000\nnodes:\n  - name: a\n    registry: not-top-level\n")
  }

  @Test func appendsAtTheEndWithoutManagers() {
    #expect(InventoryRegistryEdit.setting("h:5000", in: "nodes: []") == "nodes: []\nregistry: h:5000\n")
    #expect(InventoryRegistryEdit.setting("h:5000", in: "nodes: []\n") == "nodes: []\nregistry: h:5000\n")
  }

  @Test func aKeyThatOnlyStartsWithRegistryIsNotIt() {
    let text = "managers: 1\nregistry_mirror: x\n"
    #expect(InventoryRegistryEdit.setting("h:5000", in: text) == "managers: 1\nregistry: h:5000\nregistry_mirror: x\n")
  }
}
