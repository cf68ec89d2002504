import SkepConfig

extension GlobalOptions {
  /// Loads the inventory; a bad one becomes an `invalidInput` failure that names file:line:column.
  func loadInventory() throws -> Inventory {
    do {
      return try InventoryLoader.load(path: inventoryPath)
    } catch let error as InventoryError {
      throw CommandFailure("\(error)", exitCode: .invalidInput)
    }
  }
}
