extension CacheFile {
    /// What the history caches' END line (and each group of `subjects-v1`) holds: `seal` as 16
    /// hex digits.
    static func hexSeal(_ bytes: UnsafeRawBufferPointer) -> String { hexSeal(seal(bytes)) }

    /// A seal (`seal`, `Sealer.finish`) as 16 hex digits.
    static func hexSeal(_ seal: UInt64) -> String {
        let s = String(seal, radix: 16)
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

extension CacheFile {
    /// `seal` of bytes given in pieces of any length: the same value as `seal` of them all at
    /// once (the words are those of the whole, a piece's last bytes carried into the next).
    /// The report cache seals each entry so as it writes it a piece at a time
    /// (docs/architecture.md, "The report cache").
    package struct Sealer {
        private var h: UInt64 = 0xcbf29ce484222325
        /// Up to 7 bytes of a word not yet whole, the first in the lowest byte.
        private var carry: UInt64 = 0
        private var carried = 0

        package init() {}

        package mutating func update(_ bytes: UnsafeRawBufferPointer) {
            let n = bytes.count
            var i = 0
            if carried > 0 {
                while carried < 8, i < n {
                    carry |= UInt64(bytes[i]) << UInt64(8 * carried)
                    carried += 1
                    i += 1
                }
                guard carried == 8 else { return }
                h = (h ^ carry) &* 0x100000001b3
                carry = 0
                carried = 0
            }
            while i + 8 <= n {
                h = (h ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* 0x100000001b3
                i += 8
            }
            while i < n {
                carry |= UInt64(bytes[i]) << UInt64(8 * carried)
                carried += 1
                i += 1
            }
        }

        package mutating func update(_ bytes: ArraySlice<UInt8>) { bytes.withUnsafeBytes { update($0) } }

        /// The seal of everything given so far.
        package func finish() -> UInt64 {
            var h = self.h
            for k in 0..<carried { h = (h ^ (carry >> UInt64(8 * k) & 0xff)) &* 0x100000001b3 }
            return h
        }
    }
}
