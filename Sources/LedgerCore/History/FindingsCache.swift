import Foundation
import GitStore

/// The audit's findings of one tip, in `.git/kpi/` (docs/architecture.md, "The caches"): at an
/// unchanged HEAD a warm `kpi audit` replays no event, verifies no signature and scores nothing;
/// replaying 10,000 commits' events and verifying their signatures was most of a warm audit.
///
/// What the findings are depends on the tip (which fixes every commit, tree and signature the
/// rules read), on the close tags (`closed_quarter_changed`, `history_rewritten`) and on this
/// program (the rules themselves), so the key is all three: the tip's id, a checksum of each
/// close tag's name, target and tagger, and the running executable's size and modification time
/// (`RatingOverrideCache.program`). `--quarter` only filters what is kept: with the findings,
/// the quarters changed by each commit a whole-commit finding names. One tip is kept, the last
/// audited. Like the other caches: a file that does not parse, has another key or a wrong
/// checksum is ignored; writes go to a temporary file renamed over the old one; a failed write
/// is ignored.
/// The findings over a tip's history, and what `--quarter` filters them by besides their own
/// quarter: the quarters changed by each commit that a whole-commit finding (signature, dates)
/// names.
struct AuditedHistory: Sendable {
    var findings: [AuditFinding]
    var quarters: [ObjectID: Set<Quarter>]
}

struct FindingsCache {
    static let version = "kpi-findings 1"
    let path: String

    init(gitDir: String, prefix: String = "") {
        path = CacheFile.path(gitDir: gitDir, "findings-v1", prefix: prefix)
    }

    /// The key's text: version, program, tip, and the close tags' checksum.
    static func header(tip: ObjectID, tags: [Quarter: Tag], program: String) -> [UInt8] {
        var t: [UInt8] = []
        for (q, tag) in tags.sorted(by: { $0.key.description < $1.key.description }) {
            EventCache.put(q.description, into: &t)
            EventCache.put(tag.name, into: &t)
            t += tag.target.bytes
            if let s = tag.tagger { t.append(1); TipCache.put(s, into: &t) } else { t.append(0) }
        }
        return Array("\(version) \(program) \(tip.hex) \(CacheFile.hexChecksum(t))\n".utf8)
    }

    /// The findings kept for this key; nil when the file holds another key or is unreadable.
    func lookup(tip: ObjectID, tags: [Quarter: Tag]) -> AuditedHistory? {
        guard let program = RatingOverrideCache.program else { return nil }
        let header = Self.header(tip: tip, tags: tags, program: program)
        guard let body = CacheFile.readSealed(path, header: header) else { return nil }
        return Self.parse(body, header: header)
    }

    func store(_ audited: AuditedHistory, tip: ObjectID, tags: [Quarter: Tag]) {
        guard let program = RatingOverrideCache.program else { return }
        // Written as encoded, through a pointer (`CacheFileWriter`): the 19,000 findings of a cold
        // audit of 10,000 commits took the main thread 109 M instructions through `[UInt8]`.
        var body = CacheFileWriter(path: path)
        body.append(contentsOf: Self.header(tip: tip, tags: tags, program: program))
        EventCache.put(UInt32(audited.findings.count), into: &body)
        for f in audited.findings {
            EventCache.put(f.rule, into: &body)
            body.append(f.severity == .error ? 1 : 0)
            body.append(id: f.commit)
            TipCache.put(f.author, into: &body)
            EventCache.put(f.subject, into: &body)
            EventCache.put(f.quarter, into: &body)
            EventCache.put(f.metric, into: &body)
            EventCache.put(f.message, into: &body)
        }
        EventCache.put(UInt32(audited.quarters.count), into: &body)
        for (commit, quarters) in audited.quarters.sorted(by: { $0.key.hex < $1.key.hex }) {
            body.append(id: commit)
            EventCache.put(UInt32(quarters.count), into: &body)
            for q in quarters.map(\.description).sorted() { EventCache.put(q, into: &body) }
        }
        body.finishSealed()
    }

    /// nil unless the body (a sealed file's, starting with `header`) is well formed.
    static func parse(_ body: [UInt8], header: [UInt8]) -> AuditedHistory? {
        var r = EventCache.Reader(bytes: body, at: header.count)
        // Each finding takes at least 57 bytes (seven lengths, a severity, an id, a time).
        guard let n = r.u32(), Int(n) <= (body.count - r.at) / 57 else { return nil }
        var out: [AuditFinding] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n {
            guard let rule = r.required(), let sev = r.byte(), sev <= 1, let commit = r.id(), let author = TipCache.signature(&r),
                  case .some(let subject) = r.string(), case .some(let quarterText) = r.string(),
                  case .some(let metric) = r.string(), let message = r.required() else { return nil }
            var quarter: Quarter? = nil
            if let quarterText { guard let q = Quarter(quarterText) else { return nil }; quarter = q }
            out.append(AuditFinding(rule: rule, severity: sev == 1 ? .error : .warning, commit: commit, author: author,
                                    subject: subject, quarter: quarter, metric: metric, message: message))
        }
        guard let commits = r.u32(), Int(commits) <= (body.count - r.at) / 24 else { return nil }
        var quarters: [ObjectID: Set<Quarter>] = [:]
        for _ in 0..<commits {
            guard let commit = r.id(), let k = r.u32(), Int(k) <= (body.count - r.at) / 4 else { return nil }
            var set = Set<Quarter>()
            for _ in 0..<k {
                guard let text = r.required(), let q = Quarter(text) else { return nil }
                set.insert(q)
            }
            quarters[commit] = set
        }
        guard r.at == body.count else { return nil }
        return AuditedHistory(findings: out, quarters: quarters)
    }
}
