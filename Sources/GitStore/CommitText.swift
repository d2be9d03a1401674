import CGit2

/// A commit object's text, written and read by GitStore itself rather than through
/// libgit2's commit parser: libgit2 refuses to load a commit whose author line another tool
/// broke (a name holding a line break), which made every later read and write of the ledger
/// fail. Writing refuses such names (see `Identity`); reading tolerates them. See
/// docs/reliability.md.
enum CommitText {
    /// `tree …\nparent …\nauthor …\ncommitter …\n\nmessage`, git's layout.
    static func make(tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String) throws -> [UInt8] {
        var text = "tree \(tree.hex)\n"
        for p in parents { text += "parent \(p.hex)\n" }
        text += "author \(try line(author, "author"))\n"
        text += "committer \(try line(committer, "committer"))\n\n"
        text += message.hasSuffix("\n") ? message : message + "\n"
        return Array(text.utf8)
    }

    static func line(_ s: Signature, _ role: String) throws -> String {
        for (what, value) in [("name", s.name), ("email", s.email)] {
            if let problem = Identity.problem(in: value) {
                throw GitError(.invalidArgument, "the \(role) \(what) \(Identity.visible(value)) contains \(problem); names and emails cannot hold control characters or angle brackets")
            }
        }
        return "\(s.name) <\(s.email)> \(s.raw)"
    }

    /// A commit from its raw bytes, leniently: a signature line broken over several lines is
    /// joined back (with its line break kept in the name), a missing email reads as empty.
    static func parse(id: ObjectID, _ bytes: [UInt8]) throws -> Commit {
        var headerEnd = bytes.count, messageStart = bytes.count
        for k in 0..<max(bytes.count - 1, 0) where bytes[k] == 10 && bytes[k + 1] == 10 {
            headerEnd = k
            messageStart = k + 2
            break
        }
        let header = String(decoding: bytes[..<headerEnd], as: UTF8.self)
        let lines = header.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let known: Set<String> = ["tree", "parent", "author", "committer", "encoding", "gpgsig", "gpgsig-sha256", "mergetag"]
        var tree: ObjectID? = nil
        var parents: [ObjectID] = []
        var author: Signature? = nil, committer: Signature? = nil
        var i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            let key = line.prefix { $0 != " " }
            var value = line.dropFirst(key.count + 1).description
            switch key {
            case "tree": tree = ObjectID(hex: value)
            case "parent": if let p = ObjectID(hex: value) { parents.append(p) }
            case "author", "committer":
                // A name broken by a line break: the email and date follow on later lines
                // that are no header of their own.
                while !value.contains(">"), i < lines.count, !lines[i].hasPrefix(" "),
                      !known.contains(String(lines[i].prefix { $0 != " " })) {
                    value += "\n" + lines[i]
                    i += 1
                }
                let sig = signature(value)
                if key == "author" { author = sig } else { committer = sig }
            default: continue
            }
        }
        guard let tree else { throw GitError(.other(-1), "commit \(id.short) has no tree: the object is damaged") }
        let message = String(decoding: bytes[messageStart...], as: UTF8.self)
        let summary = message.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { $0.allSatisfy { $0 == " " } }
            .prefix { !$0.allSatisfy { $0 == " " } }
            .map { $0.trimmingSpaces }.joined(separator: " ")
        let unknown = Signature(name: "", email: "", time: 0, offsetMinutes: 0)
        return Commit(id: id, tree: tree, parents: parents, author: author ?? committer ?? unknown,
                      committer: committer ?? author ?? unknown, message: message, summary: summary)
    }

    /// `Name <email> 1700000000 +0200`, as much of it as is there.
    static func signature(_ value: String) -> Signature {
        guard let close = value.lastIndex(of: ">"), let open = value[..<close].lastIndex(of: "<") else {
            return Signature(name: value.trimmingSpaces, email: "", time: 0, offsetMinutes: 0)
        }
        let name = value[..<open].trimmingSpaces
        let email = String(value[value.index(after: open)..<close])
        let rest = value[value.index(after: close)...].split(separator: " ")
        let time = rest.first.flatMap { Int64($0) } ?? 0
        var offset = 0
        if rest.count > 1, let tz = Int(rest[1].dropFirst()), let sign = rest[1].first, sign == "+" || sign == "-" {
            offset = (tz / 100 * 60 + tz % 100) * (sign == "-" ? -1 : 1)
        }
        return Signature(name: name, email: email, time: time, offsetMinutes: offset)
    }
}
