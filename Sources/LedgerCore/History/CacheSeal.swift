extension CacheFile {
    /// What the history caches' END line (and each group of `subjects-v1`) holds: `seal` as 16
    /// hex digits.
    static func hexSeal(_ bytes: UnsafeRawBufferPointer) -> String {
        let s = String(seal(bytes), radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    static func hexSeal(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { hexSeal($0) } }

    /// FNV-1a's steps, 64 bits, over 8 bytes at a time (little-endian), then the bytes left one
    /// at a time. Byte by byte, FNV-1a is a chain of a multiply and an xor per byte, some four
    /// cycles: ~0.08 s for the 60 MB of history caches a cold audit of 10,000 commits writes
    /// (BENCHMARKS.md, session 11). Each step is a bijection of the state, so a file with one
    /// word changed never passes; it tells a damaged file, it proves nothing.
    static func seal(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            h = (h ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* 0x100000001b3
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(bytes[i])) &* 0x100000001b3
            i += 1
        }
        return h
    }
}
