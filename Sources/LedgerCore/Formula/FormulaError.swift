/// Why a formula could not be read, with the 1-based column (in characters) of the
/// offending spot, so `path:line:column` diagnostics can point into the `formula:` value.
public struct FormulaError: Error, Equatable, Sendable, CustomStringConvertible {
    public let column: Int
    public let message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}
