extension Formula {
    /// Formulas may nest parentheses, function calls and unary minus this deep. Real
    /// formulas use a handful of levels; the bound keeps hostile input (100,000 `(`) from
    /// exhausting the stack.
    public static let maxDepth = 64

    /// Parses a formula; errors carry the 1-based column of the problem.
    public static func parse(_ text: String) throws(FormulaError) -> Formula {
        var parser = FormulaParser(text: text)
        return Formula(root: try parser.parseFormula())
    }
}

/// A recursive-descent parser over the formula's characters (formulas are short; working on
/// `Character`s makes columns count what an editor shows).
struct FormulaParser {
    enum Token: Equatable {
        case number(Number, percent: Bool)
        case identifier(String)
        case op(Formula.Operator)
        case open, close, comma, end
    }

    let chars: [Character]
    var index = 0
    /// The current token and its 1-based column.
    var token: Token = .end
    var column = 1
    /// The previous token's text, for "expected … after '+'".
    var previous: String? = nil

    init(text: String) {
        chars = Array(text)
    }

    mutating func parseFormula() throws(FormulaError) -> Formula.Node {
        try advance()
        if token == .end { throw FormulaError(column: 1, message: "the formula is empty") }
        let node = try parseSum(depth: 0)
        switch token {
        case .end: return node
        case .close: throw FormulaError(column: column, message: "unmatched ')'")
        case .comma: throw FormulaError(column: column, message: "',' outside a function call")
        default:
            throw FormulaError(column: column, message: "expected an operator (+ - * /) before \(describe(token))")
        }
    }

    // sum := product (('+' | '-') product)*
    mutating func parseSum(depth: Int) throws(FormulaError) -> Formula.Node {
        let first = try parseProduct(depth: depth)
        var rest: [Formula.Term] = []
        while case .op(let op) = token, op == .add || op == .subtract {
            try advance()
            rest.append(Formula.Term(op: op, node: try parseProduct(depth: depth)))
        }
        return rest.isEmpty ? first : .sum(first, rest)
    }

    // product := unary (('*' | '/') unary)*
    mutating func parseProduct(depth: Int) throws(FormulaError) -> Formula.Node {
        let first = try parseUnary(depth: depth)
        var rest: [Formula.Term] = []
        while case .op(let op) = token, op == .multiply || op == .divide {
            try advance()
            rest.append(Formula.Term(op: op, node: try parseUnary(depth: depth)))
        }
        return rest.isEmpty ? first : .product(first, rest)
    }

    // unary := '-' unary | primary
    mutating func parseUnary(depth: Int) throws(FormulaError) -> Formula.Node {
        if token == .op(.subtract) {
            try checkDepth(depth + 1)
            try advance()
            // `-(` counts one level, not two: the canonical form writes `--a` as `-(-a)`, and
            // what `description` prints must parse again within the limit (fuzz-formula-parser
            // found 40 minus signs in a row whose description was refused).
            return .negate(try parseUnary(depth: token == .open ? depth : depth + 1))
        }
        return try parsePrimary(depth: depth)
    }

    // primary := number | metric | function '(' sum (',' sum)* ')' | '(' sum ')'
    mutating func parsePrimary(depth: Int) throws(FormulaError) -> Formula.Node {
        switch token {
        case .number(let n, let percent):
            try advance()
            return .number(n, percent: percent)
        case .identifier(let name):
            let nameColumn = column
            try advance()
            guard token == .open else { return .metric(name) }
            guard let function = Formula.Function(rawValue: name) else {
                let known = Formula.Function.allCases.map(\.rawValue).joined(separator: ", ")
                throw FormulaError(column: nameColumn, message: "unknown function '\(name)' (known: \(known))")
            }
            try checkDepth(depth + 1)
            let openColumn = column
            try advance()
            var args: [Formula.Node] = []
            if token == .close {
                throw FormulaError(column: column, message: "\(name) needs at least one argument")
            }
            args.append(try parseSum(depth: depth + 1))
            while token == .comma {
                try advance()
                args.append(try parseSum(depth: depth + 1))
            }
            try expectClose(openedAt: openColumn)
            if function == .abs && args.count != 1 {
                throw FormulaError(column: nameColumn, message: "abs takes exactly one argument, not \(args.count)")
            }
            return .call(function, args)
        case .open:
            try checkDepth(depth + 1)
            let openColumn = column
            try advance()
            let inner = try parseSum(depth: depth + 1)
            try expectClose(openedAt: openColumn)
            return inner
        default:
            let after = previous.map { " after '\($0)'" } ?? ""
            let found = token == .end ? ", but the formula ends" : ", found \(describe(token))"
            throw FormulaError(column: column, message: "expected a metric name or number\(after)\(found)")
        }
    }

    mutating func expectClose(openedAt openColumn: Int) throws(FormulaError) {
        guard token == .close else {
            if token == .end {
                throw FormulaError(column: column, message: "missing ')' to close the '(' at column \(openColumn)")
            }
            throw FormulaError(column: column, message: "expected ')' to close the '(' at column \(openColumn), found \(describe(token))")
        }
        try advance()
    }

    func checkDepth(_ depth: Int) throws(FormulaError) {
        if depth > Formula.maxDepth {
            throw FormulaError(column: column, message: "the formula nests more than \(Formula.maxDepth) levels deep")
        }
    }

    func describe(_ token: Token) -> String {
        switch token {
        case .number(let n, let percent): "'\(n)\(percent ? "%" : "")'"
        case .identifier(let name): "'\(name)'"
        case .op(let op): "'\(op.rawValue)'"
        case .open: "'('"
        case .close: "')'"
        case .comma: "','"
        case .end: "the end of the formula"
        }
    }

    // MARK: Lexer

    mutating func advance() throws(FormulaError) {
        previous = tokenText(token)
        while index < chars.count, chars[index].isWhitespace { index += 1 }
        column = index + 1
        guard index < chars.count else { token = .end; return }
        let c = chars[index]
        switch c {
        case "+": token = .op(.add); index += 1
        case "-", "−": token = .op(.subtract); index += 1
        case "*", "×": token = .op(.multiply); index += 1
        case "/", "÷": token = .op(.divide); index += 1
        case "(": token = .open; index += 1
        case ")": token = .close; index += 1
        case ",": token = .comma; index += 1
        case "%":
            throw FormulaError(column: column, message: "'%' can only follow a number, as in 40%")
        case "0"..."9":
            token = try lexNumber()
        case "a"..."z", "A"..."Z", "_":
            let start = index
            while index < chars.count, chars[index].isASCII,
                  chars[index].isLetter || chars[index].isNumber || chars[index] == "_" { index += 1 }
            let name = String(chars[start..<index])
            // A letter with a combining mark ("R" + U+0611) is one Character in the range but
            // not ASCII: nothing was consumed (found by fuzz-formula-parser).
            guard let first = name.first else {
                throw FormulaError(column: column, message: "unexpected character '\(c)'")
            }
            let isSnake = first.isLowercase && name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
            guard isSnake else {
                throw FormulaError(column: column, message: "metric ids are lower_snake_case (like new_users), not '\(name)'")
            }
            token = .identifier(name)
        default:
            throw FormulaError(column: column, message: "unexpected character '\(c)'")
        }
    }

    /// `12`, `0.4`, `40%`. A point needs digits on both sides.
    mutating func lexNumber() throws(FormulaError) -> Token {
        let start = index
        while index < chars.count, chars[index].isASCII, chars[index].isNumber { index += 1 }
        if index < chars.count, chars[index] == "." {
            index += 1
            guard index < chars.count, chars[index].isASCII, chars[index].isNumber else {
                throw FormulaError(column: index + 1, message: "expected digits after '.'")
            }
            while index < chars.count, chars[index].isASCII, chars[index].isNumber { index += 1 }
        }
        guard let number = Number(String(chars[start..<index])) else {
            throw FormulaError(column: start + 1, message: "the number '\(String(chars[start..<index]))' has too many digits")
        }
        if index < chars.count, chars[index] == "." || chars[index].isLetter || chars[index] == "_" {
            throw FormulaError(column: index + 1, message: "unexpected '\(chars[index])' after the number \(number)")
        }
        if index < chars.count, chars[index] == "%" || chars[index] == "％" {
            index += 1
            return .number(number, percent: true)
        }
        return .number(number, percent: false)
    }

    func tokenText(_ token: Token) -> String? {
        switch token {
        case .number(let n, let percent): "\(n)\(percent ? "%" : "")"
        case .identifier(let name): name
        case .op(let op): op.rawValue
        case .open: "("
        case .close: ")"
        case .comma: ","
        case .end: nil
        }
    }
}
