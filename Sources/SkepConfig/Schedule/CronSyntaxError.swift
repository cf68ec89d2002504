/// Why a text is not a cron expression: the field (nil when the problem is the whole text), the offending text and a
/// message that says what was expected and what was found.
///
/// The message has no location: the inventory loader puts it after `file:line:column: error: '<key>' …`.
public struct CronSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The field the problem is in; nil for the number of fields or an `@name`.
  public var field: CronExpression.FieldName?
  /// The offending part of the expression (a field, an entry of a list, or the whole text).
  public var text: String
  /// What is wrong and what was expected, in one sentence without a trailing period.
  public var message: String

  /// Creates an error.
  public init(field: CronExpression.FieldName?, text: String, message: String) {
    self.field = field
    self.text = text
    self.message = message
  }

  /// The message.
  public var description: String { message }
}
