import SkepConfig

extension GlobalOptions {
  /// Loads the inventory; a bad one fails with file:line:column and exit code 2 (`InventoryError`).
  func loadInventory() throws -> Inventory {
    try InventoryLoader.load(path: inventoryPath)
  }
}
