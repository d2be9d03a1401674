#if canImport(Glibc)
import Glibc
#endif

/// A commit object of the usual shape read straight from its bytes: the `Commit` libgit2's
/// parse gives, for ~a tenth of its instructions (a cold audit reads 10,000 commits; BENCHMARKS.md,
/// s14-audit). The usual shape: `tree ID`, any `parent ID` lines, `author` and `committer` lines
/// `NAME <EMAIL> SECONDS ±HHMM` (one `<` and one `>` each, the zone's hours ≤ 14 and minutes ≤ 59),
/// then an empty line and the message; no NUL anywhere. Anything else — a signature, an encoding,
/// a merge tag, a line git would read otherwise — is declined (nil) and read through libgit2
/// (`UsualCommitTests` compares the two).
enum UsualCommit {
    /// The commit, and whether its header holds no "gpgsig" (as `Repository.commit` tells unsigned commits).
    static func read(id: ObjectID, _ b: UnsafeBufferPointer<UInt8>) -> (commit: Commit, unsigned: Bool)? {
        let n = b.count
        guard n > 0, memchr(b.baseAddress!, 0, n) == nil else { return nil }
        var p = 0
        func word(_ w: StaticString) -> Bool {
            let k = w.utf8CodeUnitCount
            guard p + k <= n, memcmp(b.baseAddress! + p, w.utf8Start, k) == 0 else { return false }
            p += k
            return true
        }
        func id40() -> ObjectID? {
            guard p + 41 <= n, b[p + 40] == 10, let id = ObjectID(hexDigits: UnsafeBufferPointer(rebasing: b[p..<(p + 40)])) else { return nil }
            p += 41
            return id
        }
        guard word("tree "), let tree = id40() else { return nil }
        var parents: [ObjectID] = []
        while word("parent ") {
            guard let parent = id40() else { return nil }
            parents.append(parent)
        }
        guard word("author "), let author = signature(b, &p), word("committer "), let committer = signature(b, &p),
              p < n, b[p] == 10 else { return nil }
        let headerEnd = p
        p += 1
        while p < n, b[p] == 10 { p += 1 }  // git_commit_message: leading line feeds dropped
        let message = UnsafeBufferPointer(rebasing: b[p...])
        let unsigned = !holds(b, headerEnd, "gpgsig")
        return (Commit(id: id, tree: tree, parents: parents, author: author, committer: committer,
                       message: String(decoding: message, as: UTF8.self), summary: summary(message)), unsigned)
    }

    /// Whether `word` is somewhere in the first `end` bytes (`strstr` over the header).
    static func holds(_ b: UnsafeBufferPointer<UInt8>, _ end: Int, _ word: StaticString) -> Bool {
        let k = word.utf8CodeUnitCount, w = word.utf8Start
        var i = 0
        while i + k <= end {
            guard let hit = memchr(b.baseAddress! + i, Int32(w[0]), end - k + 1 - i) else { return false }
            i = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - b.baseAddress!
            if memcmp(b.baseAddress! + i, w, k) == 0 { return true }
            i += 1
        }
        return false
    }

    /// `NAME <EMAIL> SECONDS ±HHMM\n` from `p`, name and email trimmed of white space as libgit2 trims them.
    static func signature(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int) -> Signature? {
        let n = b.count, start = p
        var open = -1, close = -1, end = p
        while end < n, b[end] != 10 {
            if b[end] == 60 { guard open < 0 else { return nil }; open = end }
            if b[end] == 62 { guard close < 0, open >= 0 else { return nil }; close = end }
            end += 1
        }
        guard end < n, open >= 0, close > open, close + 1 < end, b[close + 1] == 32 else { return nil }
        var t = close + 2, time: Int64 = 0, digits = 0
        while t < end, b[t] &- 48 < 10 {
            guard digits < 18 else { return nil }
            time = time * 10 + Int64(b[t] - 48)
            digits += 1
            t += 1
        }
        guard digits > 0, t + 6 == end, b[t] == 32, b[t + 1] == 43 || b[t + 1] == 45 else { return nil }
        var zone = 0
        for k in (t + 2)..<end {
            guard b[k] &- 48 < 10 else { return nil }
            zone = zone * 10 + Int(b[k] - 48)
        }
        let hours = zone / 100, minutes = zone % 100
        guard hours <= 14, minutes <= 59 else { return nil }
        let offset = (hours * 60 + minutes) * (b[t + 1] == 45 ? -1 : 1)
        p = end + 1
        return Signature(name: text(b, trim: start, open), email: text(b, trim: open + 1, close), time: time, offsetMinutes: offset)
    }

    /// The bytes from `start` to `end`, git's white space (space, \t \n \v \f \r) trimmed at both ends.
    private static func text(_ b: UnsafeBufferPointer<UInt8>, trim start: Int, _ end: Int) -> String {
        var s = start, e = end
        while s < e, isSpace(b[s]) { s += 1 }
        while e > s, isSpace(b[e - 1]) { e -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
    }

    /// git__isspace.
    static func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }

    /// libgit2's `git_commit_summary`, byte for byte: the first paragraph (up to an empty or
    /// blank line), each run of white space holding a line feed made one space, other runs kept.
    static func summary(_ m: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(m.count, 128))
        var space = -1, spaceHasLineFeed = false
        var i = 0
        let n = m.count
        while i < n {
            let c = m[i]
            if c == 10 {
                if i + 1 >= n || m[i + 1] == 10 { break }
                var next = i + 1
                while next < n, m[next] != 10, isSpace(m[next]) { next += 1 }
                if next >= n || m[next] == 10 { break }
            }
            if isSpace(c) {
                if space < 0 {
                    space = i
                    spaceHasLineFeed = false
                }
                if c == 10 { spaceHasLineFeed = true }
            } else {
                if space >= 0 {
                    if spaceHasLineFeed { out.append(32) } else { out.append(contentsOf: UnsafeBufferPointer(rebasing: m[space..<i])) }
                    space = -1
                }
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
