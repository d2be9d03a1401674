/// Why a written value was refused, in words for the manager who typed it.
///
/// The message names the value but not the metric or file (the parser does not know them),
/// so callers compose it: `metric retention: '45x' is not a number`. `kind` lets code and
/// tests tell the cases apart without matching on wording.
public struct ValueError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Nothing but whitespace.
        case empty
        /// Not a number in any accepted form (`abc`, `1..2`, `12 apples`).
        case notANumber
        /// Thousands separators not in groups of three (`1,20`, `1,2,3,4`).
        case misplacedSeparator
        /// More significant digits than a `Number` holds exactly (38).
        case tooManyDigits
        /// A mark of another unit: `%` for a count, `$` for a percentage, `3d` for hours.
        case wrongUnit
        /// A multiplier where none makes sense (`1.2K%`).
        case misplacedMultiplier
    }

    public let kind: Kind
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
