import Testing

@testable import NodeSetup

@Suite struct UnifiedDiffTests {
  @Test func separateHunksWithThreeLinesOfContext() {
    let old = (1...12).map { "l\($0)" }.joined(separator: "\n") + "\n"
    let new = old.replacingOccurrences(of: "l2\n", with: "two\n").replacingOccurrences(of: "l11\n", with: "l11\nl11b\n")
    #expect(
      UnifiedDiff.make(path: "/f", old: old, new: new) == """
        --- /f
        +++ /f
        @@ -1,5 +1,5 @@
         l1
        -l2
        +two
         l3
         l4
         l5
        @@ -9,4 +9,5 @@
         l9
         l10
         l11
        +l11b
         l12

        """)
  }

  @Test func equalTextIsNoDiffAndANewFileComesFromDevNull() {
    #expect(UnifiedDiff.make(path: "/f", old: "a\n", new: "a\n") == "")
    #expect(UnifiedDiff.make(path: "/f", old: nil, new: "a\n") == "--- /dev/null\n+++ /f\n@@ -0,0 +1,1 @@\n+a\n")
    #expect(UnifiedDiff.make(path: "/f", old: "a\nb\n", new: "") == "--- /f\n+++ /f\n@@ -1,2 +0,0 @@\n-a\n-b\n")
  }

  @Test func jsonIsComparedSemanticallyAndPrintedSorted() throws {
    let value = try JSONValue.parse(#"{"b": [1, 2.5, "x\n\"y\""], "a": {}, "c": null, "d": true, "e": []}"#)
    #expect(value == (try JSONValue.parse(#"{"e":[],"d":true,"c":null,"a":{},"b":[1,2.5,"x\n\"y\""]}"#)))
    #expect(value != (try JSONValue.parse(#"{"b": [1, 2.5, "x"], "a": {}}"#)))
    #expect(
      value.pretty() == """
        {
          "a": {},
          "b": [
            1,
            2.5,
            "x\\n\\"y\\""
          ],
          "c": null,
          "d": true,
          "e": []
        }
        """)
    #expect(try JSONValue.parse("1") != JSONValue.parse("true"))
  }

  @Test func shellQuoting() {
    #expect(Shell.quote("it's") == #"'it'\''s'"#)
  }
}
