/// A derived metric's formula (`formula: ltv / cac` in metrics/<id>.yaml), parsed once and
/// evaluated per subject and quarter.
///
/// The language: numbers (`0.4`, `40%`), metric ids (lower_snake_case), `+ - * /` with the
/// usual precedence, unary minus, parentheses, and the functions `min(a, b, ...)`,
/// `max(a, b, ...)` and `abs(x)`. `×`, `÷` and `−` are read as `*`, `/` and `-`.
///
/// A percentage literal in a formula is a fraction: `40%` is 0.4, so a health
/// index can be written `retention * 40% + nps * 30% + new_users * 30%` and means the same
/// as `0.4 * retention + 0.3 * nps + 0.3 * new_users`. (Metric *values* written `45%` stay
/// 45 — they are numbers in the metric's unit; a literal in a formula has no unit, and
/// weights are what people write as percentages there.)
public struct Formula: Sendable, Equatable, CustomStringConvertible {
    /// The parsed expression. Sums and products are flat lists rather than nested binary
    /// nodes, so a long formula like `a + b + c + ...` is shallow: only parentheses,
    /// function calls and unary minus add depth, and those are bounded by the parser.
    public let root: Node

    /// The metric ids the formula names, sorted and unique.
    public let metricIDs: [String]

    public indirect enum Node: Sendable, Equatable {
        case number(Number, percent: Bool)
        case metric(String)
        case negate(Node)
        case sum(Node, [Term])
        case product(Node, [Term])
        case call(Function, [Node])
    }

    /// One operand after the first in a sum or product.
    public struct Term: Sendable, Equatable {
        public let op: Operator
        public let node: Node
    }

    public enum Operator: String, Sendable, Equatable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
    }

    public enum Function: String, Sendable, Equatable, CaseIterable {
        case abs, max, min
    }

    init(root: Node) {
        self.root = root
        var ids = Set<String>()
        Formula.collectMetrics(root, into: &ids)
        self.metricIDs = ids.sorted()
    }

    private static func collectMetrics(_ node: Node, into ids: inout Set<String>) {
        switch node {
        case .number: break
        case .metric(let id): ids.insert(id)
        case .negate(let inner): collectMetrics(inner, into: &ids)
        case .sum(let first, let rest), .product(let first, let rest):
            collectMetrics(first, into: &ids)
            for term in rest { collectMetrics(term.node, into: &ids) }
        case .call(_, let args):
            for arg in args { collectMetrics(arg, into: &ids) }
        }
    }

    /// The formula in canonical form: single spaces around binary operators, ASCII
    /// operators, `min(a, b)`, and only the parentheses the meaning needs (plus those a
    /// user put around a sum inside a sum, which keep `a - (b + c)` intact).
    /// Parsing the description gives an equal formula.
    public var description: String { Formula.render(root) }

    static func render(_ node: Node) -> String {
        switch node {
        case .number(let n, let percent):
            return percent ? "\(n)%" : n.description
        case .metric(let id):
            return id
        case .negate(let inner):
            switch inner {
            case .sum, .product, .negate: return "-(\(render(inner)))"
            default:
                // A negative literal would read back as a negation of a positive one;
                // keep the parentheses so the round trip is exact.
                if case .number(let n, _) = inner, n.isNegative { return "-(\(render(inner)))" }
                return "-\(render(inner))"
            }
        case .sum(let first, let rest):
            var text = renderOperand(first, inProduct: false)
            for term in rest { text += " \(term.op.rawValue) " + renderOperand(term.node, inProduct: false) }
            return text
        case .product(let first, let rest):
            var text = renderOperand(first, inProduct: true)
            for term in rest { text += " \(term.op.rawValue) " + renderOperand(term.node, inProduct: true) }
            return text
        case .call(let function, let args):
            return function.rawValue + "(" + args.map(render).joined(separator: ", ") + ")"
        }
    }

    private static func renderOperand(_ node: Node, inProduct: Bool) -> String {
        switch node {
        case .sum: return "(\(render(node)))"
        case .product where inProduct: return "(\(render(node)))"
        default: return render(node)
        }
    }
}
