import Foundation

/// Where an edit inside a large records file changed it, found by comparing bytes: the header and
/// the items before `firstLine`, and the items from `afterLine` on, are the committed file's own,
/// byte for byte; only the items between differ. The committed file's items in that window are
/// given as a small file of the same header (`committedText`), so a write counts what the
/// committed file held by reading the window, not the whole committed file again.
///
/// nil when the edit touches the header, or the window does not start and end at whole items of
/// the list in both files (the caller then reads the committed file whole).
struct RecordsEditWindow {
    /// 1-based lines of the new file: items starting before `firstLine` or at `afterLine` and
    /// later are unchanged.
    let firstLine: Int
    let afterLine: Int
    /// The committed file's header, then its items in the window.
    let committedText: [UInt8]
    /// How many items the window holds in the committed file.
    let committedItems: Int

    /// `headerBytes`: where the new file's first item starts (the header is every line before
    /// it); `column`: the column of the list's `-`.
    init?(old: [UInt8], new: [UInt8], headerBytes: Int, column: Int) {
        guard let found = old.withUnsafeBufferPointer({ a in
            new.withUnsafeBufferPointer { b in Self.window(a, b, headerBytes: headerBytes, column: column) }
        }) else { return nil }
        (firstLine, afterLine, committedItems) = (found.firstLine, found.afterLine, found.items)
        var text = [UInt8]()
        text.reserveCapacity(headerBytes + found.oldEnd - found.start)
        text += old[..<headerBytes]
        text += old[found.start..<found.oldEnd]
        committedText = text
    }

    private typealias Bytes = UnsafeBufferPointer<UInt8>

    private static func window(_ a: Bytes, _ b: Bytes, headerBytes: Int, column: Int)
        -> (start: Int, oldEnd: Int, firstLine: Int, afterLine: Int, items: Int)? {
        let (o, n) = (a.count, b.count)
        guard headerBytes > 0, headerBytes <= min(o, n) else { return nil }
        // The window starts at the item holding the first difference, and ends at the first item
        // starting inside the common end (or the end of the file). The common end may reach back
        // to the window's start (not only to the first difference), so an item inserted or
        // deleted is a window of that item alone.
        let head = commonPrefix(a, b)
        var start = lineStart(b, head)
        while start > headerBytes && !boundary(b, start, column) { start = lineStart(b, start - 1) }
        guard start >= headerBytes, boundary(b, start, column), boundary(a, start, column) else { return nil }
        let tail = commonSuffix(a, b, limit: min(o, n) - start)
        var end = n - tail
        while end < n && !(b[end - 1] == 10 && itemStart(b, end, column)) {
            guard let nl = memchr(b.baseAddress! + end, 10, n - end) else { end = n; break }
            end = b.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
        }
        let oldEnd = end - n + o
        guard oldEnd >= start, boundary(a, oldEnd, column) else { return nil }
        // The committed items of the window: every line at or left of the list's column starts one.
        var items = 0, at = start
        while at < oldEnd {
            let lineEnd = memchr(a.baseAddress! + at, 10, oldEnd - at).map { a.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) + 1 } ?? oldEnd
            var i = at
            while i < lineEnd, a[i] == 32 { i += 1 }
            let blank = i == lineEnd || a[i] == 10 || a[i] == 13 || a[i] == UInt8(ascii: "#")
            if !blank && i - at <= column {
                guard itemStart(a, at, column) else { return nil }
                items += 1
            }
            at = lineEnd
        }
        return (start, oldEnd, lines(b, upTo: start) + 1, lines(b, upTo: end) + 1, items)
    }

    /// A line of the list's items starts at `at`: `column` spaces, then `-` alone or before a space.
    private static func itemStart(_ b: Bytes, _ at: Int, _ column: Int) -> Bool {
        guard at + column < b.count else { return false }
        for i in at..<(at + column) where b[i] != 32 { return false }
        let d = at + column
        return b[d] == UInt8(ascii: "-") && (d + 1 == b.count || b[d + 1] == 32 || b[d + 1] == 10 || b[d + 1] == 13)
    }

    /// An item starts at `at`, or `at` is the end of a file ending with a line end.
    private static func boundary(_ b: Bytes, _ at: Int, _ column: Int) -> Bool {
        guard at == 0 || b[at - 1] == 10 else { return false }
        return at == b.count || itemStart(b, at, column)
    }

    private static func lineStart(_ b: Bytes, _ at: Int) -> Int {
        var i = at
        while i > 0 && b[i - 1] != 10 { i -= 1 }
        return i
    }

    private static func lines(_ b: Bytes, upTo end: Int) -> Int {
        var count = 0, at = 0
        while at < end, let nl = memchr(b.baseAddress! + at, 10, end - at) {
            count += 1
            at = b.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }

    /// Bytes equal at the start, compared a block at a time.
    private static func commonPrefix(_ a: Bytes, _ b: Bytes) -> Int {
        let m = min(a.count, b.count), block = 4096
        var i = 0
        while i + block <= m && memcmp(a.baseAddress! + i, b.baseAddress! + i, block) == 0 { i += block }
        while i < m && a[i] == b[i] { i += 1 }
        return i
    }

    /// Bytes equal at the end, at most `limit`.
    private static func commonSuffix(_ a: Bytes, _ b: Bytes, limit: Int) -> Int {
        let block = 4096
        var t = 0
        while t + block <= limit && memcmp(a.baseAddress! + a.count - t - block, b.baseAddress! + b.count - t - block, block) == 0 { t += block }
        while t < limit && a[a.count - 1 - t] == b[b.count - 1 - t] { t += 1 }
        return t
    }
}
