import SkepConfig
import Testing

@Suite struct SyntaxErrorTests {
  @Test func yamlSyntaxErrorUsesYamsMark() {
    expectError("managers: 1\nnodes: [a, b\n", at: "skep.yml:3:1", "invalid YAML", "flow sequence", "skep.yml:2:8")
    expectError("managers: 1\nnodes: x: y\n", at: "skep.yml:2:9", "mapping values are not allowed")
  }

  @Test func tabIndentationIsExplained() {
    expectError("managers: 1\n\tnodes: []\n", at: "skep.yml:2:1", "tabs are not allowed")
  }

  @Test func secondDocumentIsRejected() {
    expectError(oneNode + "---\nmanagers: 3\n", at: "skep.yml:6:1", "single YAML document")
  }

  @Test func undefinedAliasIsASyntaxError() {
    expectError("managers: *count\n", at: "skep.yml:1:11", "undefined alias")
  }

  @Test func emptyFile() {
    expectError("", at: "skep.yml:1:1", "the inventory is empty")
    expectError("# only a comment\n", at: "skep.yml:1:1", "the inventory is empty")
  }

  @Test func topLevelMustBeAMapping() {
    expectError("- node1\n- node2\n", at: "skep.yml:1:1", "must be a mapping", "found a list")
    expectError("\n  just text\n", at: "skep.yml:2:3", "must be a mapping", "found 'just text'")
  }

  @Test func duplicateTopLevelKeyPointsAtBothPlaces() {
    expectError(
      oneNode + "managers: 3\n", at: "skep.yml:6:1", "duplicate key 'managers'", "first defined at skep.yml:1:1")
  }

  @Test func duplicateKeyInANode() {
    let yaml = oneNode + "    address: 10.0.0.9\n"
    expectError(yaml, at: "skep.yml:6:5", "duplicate key 'address'", "first defined at skep.yml:4:5")
  }

  @Test func duplicateKeyInAFlowMappingOnOneLine() {
    let yaml = "managers: 1\nnodes:\n  - {name: a, address: b, name: c}\n"
    expectError(yaml, at: "skep.yml:3:27", "duplicate key 'name'", "first defined at skep.yml:3:6")
  }

  @Test func duplicateLabelWithQuotedSecondKey() {
    let yaml = oneNode + "    labels:\n      zone: a\n      \"zone\": b\n"
    expectError(yaml, at: "skep.yml:8:7", "duplicate key 'zone'", "first defined at skep.yml:7:7")
  }

  @Test func thirdOccurrenceStillPointsAtTheSecond() {
    let yaml = "a: 1\nb: 2\na: 3\na: 4\n"
    expectError(yaml, at: "skep.yml:3:1", "duplicate key 'a'", "first defined at skep.yml:1:1")
  }
}
