import LedgerFormat

// A person's or a team's file of the usual shape read straight from its bytes, with no document
// (a large ledger has a file per person, and its parse and field table were most of the cost of
// reading one: BENCHMARKS.md, "Session 17", s17-read): `key: value` lines of the keys the
// general reader reads into the model — a person's `name`, `email`, `team`, `manager`, `level`
// and `scorecard`, a team's `name`, `lead`, `parent` and `scorecard` — each once, each a usual
// plain value (its text is its bytes, as the general reader makes them of a plain scalar), with a
// `name`, every id valid and an email with its `@`. That is the person or team
// `readPerson` or `readTeam` makes, with no message. Any other file — a comment, a blank line,
// another key (`names`, `signing_keys`, `description`), a quoted value, an id that is none, a key
// twice — is declined, and parsed and read as before (`EntityFileTests` compares the two).

extension RecordDecoder {
    /// The person or team in the file `bytes` at `lp` (the load's file number `file`), or nil
    /// when the general path must read it.
    func entity(of bytes: [UInt8], _ lp: LedgerPath, file: Int32) -> LedgerLoader.Reading.Model? {
        guard lp.kind == .person || lp.kind == .team, Identifier.isValid(lp.id), bytes.count < Int(Int32.max) else { return nil }
        let person = lp.kind == .person
        return bytes.withUnsafeBufferPointer { b -> LedgerLoader.Reading.Model? in
            var lines = SheetLines(top: b)
            var name: String?, email: String?, level: String?
            // A person's team and manager, or a team's lead and parent; the scorecard.
            var first: Located<String>?, second: Located<String>?, scorecard: Located<String>?
            var seen: UInt8 = 0
            while true {
                let at = lines.line
                guard let (k, v) = lines.nextTop() else { break }
                let key = UnsafeBufferPointer(rebasing: b[k])
                let text = String(decoding: UnsafeBufferPointer(rebasing: b[v]), as: UTF8.self)
                // A top-level line starts its file's line: its value's column is its place in it.
                let ref = SourceRef(file: file, line: at, column: v.lowerBound - k.lowerBound + 1)
                let field: UInt8
                switch key.count {
                case 4 where Self.equals(key, "name"):
                    name = text; field = 1
                case 9 where Self.equals(key, "scorecard"):
                    guard Identifier.isValid(text) else { return nil }
                    scorecard = Located(text, ref); field = 2
                case 5 where person && Self.equals(key, "email"):
                    guard LedgerLoader.hasAt(text) else { return nil }
                    email = text; field = 4
                case 5 where person && Self.equals(key, "level"):
                    level = text; field = 8
                case 4 where person && Self.equals(key, "team"), 4 where !person && Self.equals(key, "lead"):
                    guard Identifier.isValid(text) else { return nil }
                    first = Located(text, ref); field = 16
                case 7 where person && Self.equals(key, "manager"), 6 where !person && Self.equals(key, "parent"):
                    guard Identifier.isValid(text) else { return nil }
                    second = Located(text, ref); field = 32
                default:
                    return nil
                }
                guard seen & field == 0 else { return nil }
                seen |= field
            }
            guard !lines.declined, let name else { return nil }
            let ref = SourceRef(file: file, line: 1, column: 1)
            if person {
                return .person(Person(id: lp.id, name: name, email: email, manager: second, team: first, level: level,
                                      scorecard: scorecard, signingKeys: [], ref: ref))
            }
            return .team(Team(id: lp.id, name: name, lead: first, parent: second, scorecard: scorecard, ref: ref))
        }
    }
}
