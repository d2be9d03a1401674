import Foundation
import CGit2
import XCTest
@testable import GitStore

/// `PackReader` rebuilds objects from packs itself; the oracle is libgit2's read of the same
/// object (`rawObject`) and git's own account of the pack (`git verify-pack -v`: which entries are
/// deltas, on what base, how deep).
final class PackReaderTests: XCTestCase {
    /// A repository whose history changes a few lines of big files and a 300-entry folder
    /// commit after commit, packed by `git repack` so trees and blobs are deltas on deltas.
    /// `offsets`: bases named by distance (OFS_DELTA, git's default) or by id (REF_DELTA).
    func packedRepository(offsets: Bool) throws -> String {
        let dir = TestEnv.tempDir("pack")
        try git(["init", "-q", "-b", "main"], in: dir)
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/many", withIntermediateDirectories: true)
        var lines = (0..<400).map { "line \($0): the same words again and again" }
        for i in 0..<300 { try "file \(i)\n".write(toFile: dir + "/many/f\(i).txt", atomically: false, encoding: .utf8) }
        for c in 0..<40 {
            lines[(c * 37) % lines.count] = "line changed in commit \(c)"
            lines.append("appended in commit \(c)")
            try lines.joined(separator: "\n").write(toFile: dir + "/big.txt", atomically: false, encoding: .utf8)
            try "file \(c) changed\n".write(toFile: dir + "/many/f\((c * 7) % 300).txt", atomically: false, encoding: .utf8)
            if c % 5 == 0 { try "new \(c)\n".write(toFile: dir + "/many/n\(c).txt", atomically: false, encoding: .utf8) }
            try git(["add", "-A"], in: dir)
            try git(["commit", "-q", "-m", "commit \(c)"], in: dir)
        }
        try git(["-c", "repack.useDeltaBaseOffset=\(offsets)", "repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=50"], in: dir)
        try git(["prune-packed"], in: dir)
        return dir
    }

    /// Every entry of the pack as `git verify-pack -v` lists it: id, type, chain depth (0: a
    /// whole object), the entry's offset and length in the pack, and its header's type (6: a
    /// base named by distance, 7: by id).
    func packedObjects(in dir: String) throws -> [(id: ObjectID, type: String, depth: Int, offset: Int, length: Int, entryType: UInt8)] {
        let folder = dir + "/.git/objects/pack/"
        let name = try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".idx") }!
        let pack = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + name.dropLast(4) + ".pack")))
        let out = try git(["verify-pack", "-v", folder + name], in: dir).out
        return out.split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 5, f[0].count == 40, let id = ObjectID(hex: String(f[0])), let length = Int(f[3]), let offset = Int(f[4]) else { return nil }
            return (id, String(f[1]), f.count >= 7 ? Int(f[5]) ?? 0 : 0, offset, length, pack[offset] >> 4 & 7)
        }
    }

    func testEveryObjectAsLibgit2ReadsIt() throws {
        for offsets in [true, false] {
            let dir = try packedRepository(offsets: offsets)
            let objects = try packedObjects(in: dir)
            // The history is packed as deltas, some of them on deltas: the test reads chains.
            XCTAssertGreaterThan(objects.filter { $0.depth > 0 && $0.type == "tree" }.count, 20)
            XCTAssertGreaterThan(objects.filter { $0.depth > 0 && $0.type == "blob" }.count, 20)
            XCTAssertGreaterThan(objects.map(\.depth).max() ?? 0, 5)
            XCTAssertEqual(Set(objects.filter { $0.depth > 0 }.map(\.entryType)), [offsets ? 6 : 7])
            let repo = try Repository(path: dir)
            let types: [String: git_object_t] = ["commit": GIT_OBJECT_COMMIT, "tree": GIT_OBJECT_TREE, "blob": GIT_OBJECT_BLOB, "tag": GIT_OBJECT_TAG]
            // Twice, in two orders: each object rebuilt from its chain, then from bases kept.
            for order in [objects, objects.reversed()] {
                let reader = PackReader(objects: dir + "/.git/objects/")
                for o in order {
                    let got = try XCTUnwrap(reader.read(o.id), "\(o.id.hex) \(o.type) depth \(o.depth), offsets \(offsets)")
                    XCTAssertEqual(got.type, Int(types[o.type]!.rawValue))
                    let want = try repo.rawObject(o.id, expecting: types[o.type]!)
                    XCTAssertEqual(Array(UnsafeBufferPointer(start: got.bytes.bytes, count: got.bytes.count)), want, "\(o.id.hex) \(o.type)")
                }
            }
            // What `commit(_:)` gives through it is libgit2's.
            let fresh = try Repository(path: dir)
            for o in objects where o.type == "commit" { XCTAssertEqual(try fresh.commit(o.id), try repo.libgit2Commit(o.id)) }
            // The trees compared through it are git's: the last commit's whole tree against the first's.
            let first = try git(["rev-list", "--max-parents=0", "HEAD"], in: dir).out.trimmingCharacters(in: .whitespacesAndNewlines)
            let changes = try repo.changes(from: try repo.commit(ObjectID(hex: first)!).tree, to: try repo.commit(try XCTUnwrap(repo.headCommit())).tree)
            let oracle = try git(["diff-tree", "-r", "--name-only", "--no-renames", first, "HEAD"], in: dir).out.split(separator: "\n").map(String.init)
            XCTAssertEqual(changes.map(\.path), oracle)
        }
    }

    /// Objects outside the packs, and a pack whose entry is damaged, are not answered (the
    /// caller reads them through libgit2, which reports the damage).
    func testWhatItDoesNotAnswer() throws {
        let dir = try packedRepository(offsets: true)
        let blob = try Repository(path: dir).writeBlob(Array("only loose\n".utf8))
        XCTAssertNil(PackReader(objects: dir + "/.git/objects/").read(blob))
        XCTAssertNil(PackReader(objects: dir + "/.git/objects/").read(ObjectID(hex: String(repeating: "ab", count: 20))!))
        XCTAssertNil(PackReader(objects: dir + "/no/such/objects/").read(blob))

        // The last byte of the stream of ten whole trees flipped (zlib's checksum): each is refused.
        let objects = try packedObjects(in: dir)
        let folder = dir + "/.git/objects/pack/"
        let path = folder + (try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".pack") }!)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let damaged = objects.filter { $0.depth == 0 && $0.type == "tree" }.prefix(10)
        XCTAssertEqual(damaged.count, 10)
        for o in damaged { bytes[o.offset + o.length - 1] ^= 0x55 }
        try FileManager.default.removeItem(atPath: path)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = PackReader(objects: dir + "/.git/objects/")
        for o in damaged { XCTAssertNil(reader.read(o.id), o.id.hex) }
        // The others are still read as libgit2 reads them.
        let repo = try Repository(path: dir)
        let kept = objects.filter { $0.depth == 0 && $0.type == "blob" }
        XCTAssertFalse(kept.isEmpty)
        for o in kept { XCTAssertEqual(reader.read(o.id).map { Array(UnsafeBufferPointer(start: $0.bytes.bytes, count: $0.bytes.count)) }, try repo.rawObject(o.id, expecting: GIT_OBJECT_BLOB)) }
    }

    /// A delta out of shape is refused, whatever part is wrong; a good one is applied.
    func testDeltaApplication() {
        func bytes(_ a: [UInt8]) -> ObjectBytes {
            let o = ObjectBytes(count: a.count)
            o.bytes.update(from: a, count: a.count)
            return o
        }
        func applied(_ delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
            PackReader.apply(bytes(delta), to: bytes(base)).map { Array(UnsafeBufferPointer(start: $0.bytes, count: $0.count)) }
        }
        let base = Array("hello, world".utf8)  // 12 bytes
        // Sizes 12 → 9: copy 5 bytes from offset 7 ("world"), insert "!!!", copy 1 from offset 0.
        let good: [UInt8] = [12, 9, 0x80 | 0x01 | 0x10, 7, 5, 3, 33, 33, 33, 0x80 | 0x10, 1]
        XCTAssertEqual(applied(good, to: base), Array("world!!!h".utf8))
        XCTAssertNil(applied([11] + good.dropFirst(), to: base))               // the base's size differs
        XCTAssertNil(applied([12, 10] + good.dropFirst(2), to: base))          // the result is shorter than said
        XCTAssertNil(applied([12, 8] + good.dropFirst(2), to: base))           // longer than said
        XCTAssertNil(applied([12, 5, 0x80 | 0x01 | 0x10, 8, 5], to: base))      // a copy past the base's end
        XCTAssertNil(applied([12, 3, 5, 1, 2], to: base))                       // an insert past the delta's end
        XCTAssertNil(applied([12, 1, 0], to: base))                             // instruction 0 is reserved
        XCTAssertNil(applied([12, 5, 0x80 | 0x01 | 0x10, 7], to: base))         // a copy cut short
        // A copy of size 0 means 0x10000.
        let long = [UInt8](repeating: 7, count: 0x10000)
        XCTAssertEqual(applied([0x80, 0x80, 4, 0x80, 0x80, 4, 0x80], to: long), long)
    }

    /// A repository object kept open (as `kpi serve` keeps one) lets go of a pack `git repack`
    /// deleted and reads the pack it made, once a second has passed.
    func testPacksAreOpenedAgainWhenTheirFolderChanges() throws {
        let dir = try packedRepository(offsets: true)
        let folder = dir + "/.git/objects/pack/"
        func packNames() throws -> Set<String> {
            Set(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".pack") })
        }
        // Read to the end: /proc files say they are empty, so a read by size would stop short.
        func mapped() throws -> String {
            let h = try XCTUnwrap(FileHandle(forReadingAtPath: "/proc/self/maps"))
            defer { try? h.close() }
            return String(decoding: h.readDataToEndOfFile(), as: UTF8.self)
        }
        let repo = try Repository(path: dir)
        let first = try packNames()
        XCTAssertEqual(first.count, 1)
        let head = try ObjectID(hex: git(["rev-parse", "HEAD^{tree}"], in: dir).out.trimmingCharacters(in: .whitespacesAndNewlines))!
        XCTAssertNotNil(repo.rawTrees.packs(of: repo).read(head))
        XCTAssertTrue(try mapped().contains(first.first!))
        // A new commit, then everything packed again: the old pack is deleted.
        try "after\n".write(toFile: dir + "/after.txt", atomically: false, encoding: .utf8)
        try git(["add", "-A"], in: dir)
        try git(["commit", "-q", "-m", "after"], in: dir)
        try git(["repack", "-a", "-d", "-q"], in: dir)
        let second = try packNames()
        XCTAssertTrue(second.isDisjoint(with: first), "repack made a new pack: \(second)")
        let newTree = try ObjectID(hex: git(["rev-parse", "HEAD^{tree}"], in: dir).out.trimmingCharacters(in: .whitespacesAndNewlines))!
        // Within the same second the reader is not looked at again; after it, it is.
        Thread.sleep(forTimeInterval: 1.1)
        let reread = repo.rawTrees.packs(of: repo).read(newTree)
        XCTAssertNotNil(reread, "the new pack is read by GitStore itself")
        XCTAssertEqual(reread.map { Array(UnsafeBufferPointer(start: $0.bytes.bytes, count: $0.bytes.count)) },
                       try repo.rawObject(newTree, expecting: GIT_OBJECT_TREE))
        let maps = try mapped()
        XCTAssertFalse(maps.contains(first.first!), "the deleted pack is no longer mapped")
        XCTAssertTrue(maps.contains(second.first!))
    }
}
