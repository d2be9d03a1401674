#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LedgerLoader {
    /// The indices of `paths` in the order `String`'s `<` sorts them, equal paths in their given
    /// order. When every path is ASCII, `<` is the order of their bytes, compared as such
    /// (memcmp): a load of many small files given in any order sorts ~20,000 paths of one long
    /// shared prefix, where `String`'s comparison costs several times more.
    static func pathOrder(_ paths: [String]) -> [Int] {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(paths.count)
        var ascii = true
        for var p in paths {
            p.withUTF8 { b in
                var high: UInt8 = 0
                for x in b { high |= x }
                if high >= 0x80 { ascii = false }
                bytes.append(contentsOf: b)
            }
            ends.append(bytes.count)
            if !ascii { break }
        }
        guard ascii else { return paths.indices.sorted { paths[$0] < paths[$1] } }
        return bytes.withUnsafeBufferPointer { b -> [Int] in
            let base = b.baseAddress
            return paths.indices.sorted { i, j in
                let si = i == 0 ? 0 : ends[i - 1], sj = j == 0 ? 0 : ends[j - 1]
                let li = ends[i] - si, lj = ends[j] - sj
                let c = min(li, lj) == 0 ? 0 : memcmp(base! + si, base! + sj, min(li, lj))
                return c != 0 ? c < 0 : li < lj
            }
        }
    }
}
