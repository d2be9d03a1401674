import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// git's line-based three-way merge of one file (libgit2's `git_merge_file`), for files the
/// ledger's semantic merge does not understand.
public enum LineMerge {
    public struct Result: Sendable, Equatable {
        /// The merged bytes; with conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`) when not clean.
        public let bytes: [UInt8]
        public let clean: Bool
    }

    /// Merges `ours` and `theirs` against `base` (nil: both sides added the file).
    /// `labels` name the sides in conflict markers.
    public static func merge(base: [UInt8]?, ours: [UInt8], theirs: [UInt8],
                             labels: (base: String, ours: String, theirs: String) = ("base", "ours", "theirs")) throws -> Result {
        _ = Libgit2.initialized
        var opts = git_merge_file_options()
        try check(git_merge_file_options_init(&opts, UInt32(GIT_MERGE_FILE_OPTIONS_VERSION)), "git_merge_file_options_init")
        let b = strdup(labels.base), o = strdup(labels.ours), t = strdup(labels.theirs)
        defer { free(b); free(o); free(t) }
        opts.ancestor_label = UnsafePointer(b)
        opts.our_label = UnsafePointer(o)
        opts.their_label = UnsafePointer(t)
        var result = git_merge_file_result()
        let baseBytes = base ?? []
        let rc: Int32 = baseBytes.withUnsafeBufferPointer { bb in
            ours.withUnsafeBufferPointer { ob in
                theirs.withUnsafeBufferPointer { tb in
                    var bi = git_merge_file_input(), oi = git_merge_file_input(), ti = git_merge_file_input()
                    git_merge_file_input_init(&bi, UInt32(GIT_MERGE_FILE_INPUT_VERSION))
                    git_merge_file_input_init(&oi, UInt32(GIT_MERGE_FILE_INPUT_VERSION))
                    git_merge_file_input_init(&ti, UInt32(GIT_MERGE_FILE_INPUT_VERSION))
                    // libgit2 wants non-NULL pointers even for empty contents.
                    let empty: StaticString = ""
                    func ptr(_ p: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar> {
                        p.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
                            ?? UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self)
                    }
                    bi.ptr = ptr(bb); bi.size = bb.count
                    oi.ptr = ptr(ob); oi.size = ob.count
                    ti.ptr = ptr(tb); ti.size = tb.count
                    return git_merge_file(&result, &bi, &oi, &ti, &opts)
                }
            }
        }
        try check(rc, "git_merge_file")
        defer { git_merge_file_result_free(&result) }
        let bytes = result.len > 0 && result.ptr != nil
            ? [UInt8](UnsafeRawBufferPointer(start: result.ptr, count: result.len)) : []
        return Result(bytes: bytes, clean: result.automergeable != 0)
    }
}
