extension Formula {
    /// Evaluates the formula with the actuals `lookup` gives for each metric id it names
    /// (nil: no actual yet).
    ///
    /// Missing inputs are reported all at once, sorted ("no actuals for cac, ltv"), before
    /// any arithmetic; a zero divisor names the divisor ("division by zero: cac is 0").
    /// Division rounds to what fits 128 bits (38–39 significant digits) like every `Number` division.
    public func evaluate(_ lookup: (String) -> Number?) -> FormulaResult {
        var values: [String: Number] = [:]
        var missing: [String] = []
        for id in metricIDs {
            if let value = lookup(id) { values[id] = value } else { missing.append(id) }
        }
        if !missing.isEmpty {
            let noun = missing.count == 1 ? "no actual for" : "no actuals for"
            return .noValue(reason: "\(noun) \(missing.joined(separator: ", "))")
        }
        do {
            return .value(try Formula.evaluate(root, values))
        } catch {
            return .noValue(reason: error.reason)
        }
    }

    struct NoValue: Error {
        let reason: String
    }

    private static let tooLarge = NoValue(reason: "the result is too large to represent")

    private static func evaluate(_ node: Node, _ values: [String: Number]) throws(NoValue) -> Number {
        switch node {
        case .number(let n, let percent):
            return percent ? n / Number.hundred : n
        case .metric(let id):
            return values[id]!   // every id was looked up before evaluation began
        case .negate(let inner):
            return -(try evaluate(inner, values))
        case .sum(let first, let rest):
            var total = try evaluate(first, values)
            for term in rest {
                let operand = try evaluate(term.node, values)
                let next = term.op == .add ? total.adding(operand) : total.subtracting(operand)
                guard let next else { throw tooLarge }
                total = next
            }
            return total
        case .product(let first, let rest):
            var total = try evaluate(first, values)
            for term in rest {
                let operand = try evaluate(term.node, values)
                if term.op == .divide {
                    if operand.isZero {
                        throw NoValue(reason: "division by zero: \(Formula.render(term.node)) is 0")
                    }
                    guard let next = total.divided(by: operand) else { throw tooLarge }
                    total = next
                } else {
                    guard let next = total.multiplied(by: operand) else { throw tooLarge }
                    total = next
                }
            }
            return total
        case .call(let function, let args):
            var results: [Number] = []
            results.reserveCapacity(args.count)
            for arg in args { results.append(try evaluate(arg, values)) }
            switch function {
            case .abs: return results[0].magnitude
            case .min: return results.min()!
            case .max: return results.max()!
            }
        }
    }
}
