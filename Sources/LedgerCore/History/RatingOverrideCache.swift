import Foundation
import GitStore

/// The `rating_overridden` candidates of one ledger tree, in `.git/kpi/` (docs/architecture.md,
/// "The caches"): finding them scores the whole ledger at the audited tip, which was most of a
/// warm `kpi audit`. A tree id fixes every file the scores read; what a score is depends on this
/// program, so the key also names the running executable (its size and modification time): a
/// rebuilt or upgraded `kpi` computes them afresh. One tree is kept, the last audited.
///
/// Like the other caches: a file that does not parse, has another key or a wrong checksum is
/// ignored; writes go to a temporary file renamed over the old one; a failed write is ignored.
final class RatingOverrideCache {
    /// A reviewer's rating that is not the computed one, for a subject no calibration rated.
    struct Override: Equatable {
        var subject: String
        var quarter: Quarter
        var given: String
        var computed: String
        var points: String
        var path: String
    }

    static let version = "kpi-rating-overrides 1"
    let path: String

    init(gitDir: String, prefix: String = "") {
        path = CacheFile.path(gitDir: gitDir, "rating-overrides-v1", prefix: prefix)
    }

    /// The running executable's size and modification time; nil when it cannot be told (then
    /// nothing is cached).
    static let program: String? = {
        guard let exe = Bundle.main.executablePath else { return nil }
        var st = stat()
        guard stat(exe, &st) == 0 else { return nil }
        return "\(st.st_size)-\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }()

    static func header(tree: ObjectID, program: String) -> [UInt8] {
        Array("\(version) \(program) \(tree.hex)\n".utf8)
    }

    /// The cached overrides of `tree`; nil when the file holds another tree or is unreadable.
    func lookup(tree: ObjectID) -> [Override]? {
        guard let program = Self.program else { return nil }
        let header = Self.header(tree: tree, program: program)
        guard let body = CacheFile.readSealed(path, header: header) else { return nil }
        return Self.parse(body, header: header)
    }

    func store(_ overrides: [Override], tree: ObjectID) {
        guard let program = Self.program else { return }
        var body = Self.header(tree: tree, program: program)
        EventCache.put(UInt32(overrides.count), into: &body)
        for o in overrides {
            for s in [o.subject, o.quarter.description, o.given, o.computed, o.points, o.path] { EventCache.put(s, into: &body) }
        }
        CacheFile.replaceSealed(path, body: body)
    }

    /// nil unless the body (a sealed file's, starting with `header`) is well formed.
    static func parse(_ body: [UInt8], header: [UInt8]) -> [Override]? {
        var r = EventCache.Reader(bytes: body, at: header.count)
        guard let n = r.u32(), Int(n) <= (body.count - r.at) / 24 else { return nil }  // six lengths per entry
        var out: [Override] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n {
            guard let subject = r.required(), let quarterText = r.required(), let quarter = Quarter(quarterText),
                  let given = r.required(), let computed = r.required(), let points = r.required(), let path = r.required()
            else { return nil }
            out.append(Override(subject: subject, quarter: quarter, given: given, computed: computed, points: points, path: path))
        }
        guard r.at == body.count else { return nil }
        return out
    }
}
