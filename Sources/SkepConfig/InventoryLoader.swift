import Foundation

/// Loads `skep.yml` into a checked ``Inventory``.
///
/// Every problem is an ``InventoryError`` naming `file:line:column` and what was expected; the loader stops at the
/// first problem, in document order within each section.
public enum InventoryLoader {
  /// The environment variable that names the inventory when `--inventory`/`-i` is not given.
  public static let environmentVariable = "SKEP_INVENTORY"
  /// The inventory used when neither `--inventory` nor `$SKEP_INVENTORY` is given.
  public static let defaultPath = "skep.yml"

  /// The inventory path skep uses: the `--inventory`/`-i` value, else `$SKEP_INVENTORY`, else `./skep.yml`.
  public static func path(option: String?, environment: [String: String]) -> String {
    if let option, !option.isEmpty { return option }
    if let variable = environment[environmentVariable], !variable.isEmpty { return variable }
    return defaultPath
  }

  /// Reads and parses the inventory at `path`; locations in errors use `path` as given.
  public static func load(path: String) throws(InventoryError) -> Inventory {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw InventoryError(
        location: nil,
        message:
          "no inventory at '\(path)'; skep reads the file given with --inventory/-i, else $\(environmentVariable),"
          + " else ./\(defaultPath) (see docs/inventory.md)")
    }
    guard !isDirectory.boolValue else {
      throw InventoryError(location: nil, message: "'\(path)' is a directory; expected an inventory file like skep.yml")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InventoryError(location: nil, message: "cannot read the inventory '\(path)' (check its permissions)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InventoryError(location: nil, message: "the inventory '\(path)' is not UTF-8 text")
    }
    return try parse(text, file: path)
  }

  /// Parses inventory text; `file` names the source in locations and messages.
  public static func parse(_ text: String, file: String) throws(InventoryError) -> Inventory {
    try InventoryParser.parse(text, file: file)
  }
}
