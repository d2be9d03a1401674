import CGit2

/// Owns one libgit2 pointer and frees it exactly once, when the last Swift reference goes.
final class Owned {
    let raw: OpaquePointer
    private let release: (OpaquePointer) -> Void

    init(_ raw: OpaquePointer, release: @escaping (OpaquePointer) -> Void) {
        self.raw = raw
        self.release = release
    }

    deinit { release(raw) }
}

/// Runs a libgit2 constructor that fills an out-pointer and wraps the result.
func owned(
    _ call: @autoclosure () -> String,
    free: @escaping (OpaquePointer) -> Void,
    _ body: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
) throws -> Owned {
    var out: OpaquePointer? = nil
    let rc = body(&out)
    if rc < 0 {
        if let out { free(out) }
        throw GitError(libgit2: rc, call: call())
    }
    guard let out else { throw GitError(.other(rc), "libgit2 returned no object", call: call()) }
    return Owned(out, release: free)
}

/// A C string from libgit2 (nil stays nil).
func swiftString(_ p: UnsafePointer<CChar>?) -> String? {
    guard let p else { return nil }
    return String(cString: p)
}
