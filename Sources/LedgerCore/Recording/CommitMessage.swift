/// A generated commit message as `git log --oneline` shows it well (docs/format.md, "Commit
/// messages"): a subject of at most 72 characters, whatever does not fit said whole in the body,
/// and the reason a closed quarter was reopened as a git trailer (`Reopen-Reason: why`), which
/// `git interpret-trailers --parse`, the commit-msg hook and the audit read
/// (`ClosedQuarters.reopenReason`).
public struct CommitMessage: Sendable, Equatable {
    /// git's own advice for a subject line (and what GitHub and `git log` layouts assume).
    public static let subjectLimit = 72

    public var subject: String
    /// Paragraphs after the subject, each of one or more lines.
    public var body: [String]

    /// `text`'s first paragraph is the subject, the others the body. A subject that fits is
    /// kept whole; a longer one is cut at a word with `…` and given in full as the body's first
    /// paragraph, so nothing is lost.
    public init(_ text: String) {
        let paragraphs = Self.paragraphs(text[...])
        let line = paragraphs[0].split(whereSeparator: \.isNewline).joined(separator: " ")
        let details = paragraphs.dropFirst().map(String.init)
        if line.count <= Self.subjectLimit {
            subject = line
            body = details
        } else {
            subject = Self.cut(line)
            body = [line] + details
        }
    }

    /// The message as stored: subject, body paragraphs, then the reopen trailer (if any) in
    /// the last paragraph, ending with a newline.
    public func text(reopenReason: String? = nil) -> String {
        var text = ([subject] + body).joined(separator: "\n\n")
        if let reopenReason { text = Self.adding(reopenReason: reopenReason, to: text) }
        return text + "\n"
    }

    /// `message` (someone's own `-m` or a generated one, without its final newline) with the
    /// trailer added: joined to a last paragraph that is already all trailers
    /// (`Signed-off-by: …`), else as a paragraph of its own, as git would place it.
    public static func adding(reopenReason: String, to message: String) -> String {
        // A trailer is one line: a reason typed over several lines is joined with spaces.
        let reason = reopenReason.split(whereSeparator: \.isNewline).map { $0.trimmingScalars(in: " \t") }
            .filter { !$0.isEmpty }.joined(separator: " ")
        let trailer = "\(ClosedQuarters.reasonTrailer): \(reason)"
        let trimmed = message.trimmingScalars(in: "\n")
        let paragraphs = Self.paragraphs(trimmed[...])
        let hasTrailerBlock = paragraphs.count > 1 && paragraphs.last!.split(separator: "\n").allSatisfy { trailerKey(in: $0) != nil }
        return trimmed + (hasTrailerBlock ? "\n" : "\n\n") + trailer
    }

    /// The paragraphs of a message (separated by an empty line).
    static func paragraphs(_ text: Substring) -> [Substring] {
        var out: [Substring] = []
        var start = text.startIndex
        var i = start
        while i < text.endIndex {
            let next = text.index(after: i)
            if text[i] == "\n", next < text.endIndex, text[next] == "\n" {
                out.append(text[start..<i])
                i = text.index(after: next)
                while i < text.endIndex, text[i] == "\n" { i = text.index(after: i) }
                start = i
            } else {
                i = next
            }
        }
        out.append(text[start...])
        return out
    }

    /// `Key` of a `Key: value` trailer line (letters, digits and `-`, as git accepts), else nil.
    static func trailerKey(in line: Substring) -> String? {
        guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else { return nil }
        let key = line[..<colon]
        guard key.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" })
        else { return nil }
        return String(key)
    }

    /// The line cut at the last space that leaves room for `…`, or mid-word when there is none.
    static func cut(_ line: String) -> String {
        let room = subjectLimit - 1
        let head = line.prefix(room)
        if line.dropFirst(room).first == " " { return head.trimmingScalars(in: " ,;:") + "…" }
        if let space = head.lastIndex(of: " "), head.distance(from: head.startIndex, to: space) >= room / 2 {
            return head[..<space].trimmingScalars(in: " ,;:") + "…"
        }
        return head + "…"
    }

    /// The last component of a path as given on the command line (`/home/li/Downloads/q3.csv`
    /// → `q3.csv`): a commit says which file, never where it sat on someone's machine.
    public static func fileName(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? path
    }
}
