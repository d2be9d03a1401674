import Foundation
import XCTest
@testable import GitStore

/// `Repository.changes(from:to:under:)` walks raw tree objects; `git diff-tree -r` is the oracle
/// for every pair of trees here: adds, deletes, modifications, mode and type changes, a file
/// that becomes a folder, nested folders, and names whose order depends on git's rule that a
/// folder sorts as its name followed by "/" ("a-b" < "a/" < "a.b" < "a0").
final class RawTreeComparisonTests: XCTestCase {
    /// A tree as the test describes it: a file (content and mode) or a folder of named nodes.
    indirect enum Node {
        case file(String, UInt32)
        case folder([String: Node])
    }

    /// Names that sort differently as files and as folders, and one beyond ASCII.
    static let names = ["a", "a-b", "a.b", "a0", "a_", "b", "ab", "é", "z.yaml"]

    /// `git diff-tree -r --raw` between two trees, one line per change sorted by path bytes:
    /// status (a type change counts as M), old id, new id, path.
    func oracle(_ old: ObjectID?, _ new: ObjectID?, under paths: [String]? = nil, in dir: String) throws -> [String] {
        let empty = try git(["hash-object", "-t", "tree", "/dev/null"], in: dir).out.trimmingCharacters(in: .whitespacesAndNewlines)
        var args = ["diff-tree", "-r", "--no-renames", "--raw", "--no-abbrev", "-z", old?.hex ?? empty, new?.hex ?? empty]
        if let paths { args += ["--"] + paths }
        let fields = try git(args, in: dir).out.split(separator: "\0", omittingEmptySubsequences: false)
        var lines: [(String, String)] = []
        var k = 0
        while k + 1 < fields.count, fields[k].hasPrefix(":") {
            let meta = fields[k].split(separator: " ")
            let status = meta[4] == "T" ? "M" : String(meta[4])
            let path = String(fields[k + 1])
            lines.append((path, "\(status) \(meta[2]) \(meta[3]) \(path)"))
            k += 2
        }
        return lines.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map(\.1)
    }

    func render(_ changes: [TreeChange]) -> [String] {
        let zero = String(repeating: "0", count: 40)
        return changes.map { c in
            let s: String
            switch c.status { case .added: s = "A"; case .modified: s = "M"; case .deleted: s = "D" }
            return "\(s) \(c.oldBlob?.hex ?? zero) \(c.newBlob?.hex ?? zero) \(c.path)"
        }
    }

    func write(_ node: [String: Node], to repo: Repository) throws -> ObjectID? {
        var updates: [TreeUpdate] = []
        func flatten(_ folder: [String: Node], _ base: String) throws {
            for (name, n) in folder {
                let path = base.isEmpty ? name : base + "/" + name
                switch n {
                case let .file(text, mode): updates.append(.upsert(path, try repo.writeBlob(bytes(text)), filemode: mode))
                case let .folder(children): try flatten(children, path)
                }
            }
        }
        try flatten(node, "")
        return updates.isEmpty ? nil : try repo.updateTree(base: nil, updates)
    }

    func testOrderEdgeCasesMatchDiffTree() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        // "a" is a file on one side and a folder on the other; "a-b", "a.b" and "a0" sort around
        // "a/" but not around "a"; a mode change with the same content; a symlink that becomes a file.
        let old: [String: Node] = [
            "a": .file("x\n", 0o100644), "a-b": .file("1\n", 0o100644), "a.b": .folder(["c": .file("2\n", 0o100644)]),
            "a0": .file("3\n", 0o100644), "run": .file("#!/bin/sh\n", 0o100644), "link": .file("target", 0o120000),
            "deep": .folder(["x": .folder(["y": .folder(["z.yaml": .file("z\n", 0o100644)])]), "keep": .file("k\n", 0o100644)]),
        ]
        let new: [String: Node] = [
            "a": .folder(["x": .file("x\n", 0o100644), "a-b": .file("4\n", 0o100644)]), "a-b": .file("1\n", 0o100644),
            "a.b": .folder(["c": .file("2b\n", 0o100644)]), "a0": .file("3\n", 0o100644), "run": .file("#!/bin/sh\n", 0o100755),
            "link": .file("target", 0o100644),
            "deep": .folder(["x": .folder(["y": .folder(["z.yaml": .file("z2\n", 0o100644), "w.yaml": .file("w\n", 0o100644)])]),
                             "keep": .file("k\n", 0o100644)]),
        ]
        let t1 = try XCTUnwrap(try write(old, to: repo)), t2 = try XCTUnwrap(try write(new, to: repo))
        XCTAssertEqual(render(try repo.changes(from: t1, to: t2)), try oracle(t1, t2, in: dir))
        XCTAssertEqual(render(try repo.changes(from: t2, to: t1)), try oracle(t2, t1, in: dir))
        XCTAssertEqual(render(try repo.changes(from: nil, to: t2)), try oracle(nil, t2, in: dir))
        XCTAssertEqual(render(try repo.changes(from: t1, to: nil)), try oracle(t1, nil, in: dir))
        for paths in [["a"], ["a-b", "deep/x"], ["a.b/c", "run"], ["deep/x/y/w.yaml"], ["nothing"]] {
            XCTAssertEqual(render(try repo.changes(from: t1, to: t2, under: paths)), try oracle(t1, t2, under: paths, in: dir), "\(paths)")
        }
        // Exactly what changed, spelt out once (the oracle could be wrong too).
        XCTAssertEqual(try repo.changes(from: t1, to: t2).map { "\($0.status) \($0.path)" }, [
            "deleted a", "modified a.b/c", "added a/a-b", "added a/x", "added deep/x/y/w.yaml", "modified deep/x/y/z.yaml",
            "modified link", "modified run",
        ])
        let listed = try repo.files(in: t2)
        XCTAssertEqual(listed.map { "\($0.blob.hex)\t\($0.path)\n" }.joined(),
                       try git(["ls-tree", "-r", t2.hex], in: dir).out.split(separator: "\n")
                           .map { $0.split(separator: " ", maxSplits: 2)[2] + "\n" }
                           .sorted { $0.split(separator: "\t")[1].utf8.lexicographicallyPrecedes($1.split(separator: "\t")[1].utf8) }
                           .joined())
    }

    /// Random trees and random edits of them (a fixed seed), each pair compared both ways and
    /// under random paths, against `git diff-tree`.
    func testRandomTreesMatchDiffTree() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        var rng = SplitMix(seed: 16_3)
        let modes: [UInt32] = [0o100644, 0o100644, 0o100644, 0o100755, 0o120000]

        func randomFolder(_ depth: Int) -> [String: Node] {
            var out: [String: Node] = [:]
            for name in Self.names where rng.next(100) < 55 {
                out[name] = depth < 3 && rng.next(100) < 35 ? .folder(randomFolder(depth + 1))
                    : .file("v\(rng.next(4))\n", modes[rng.next(modes.count)])
            }
            return out
        }
        func edit(_ folder: [String: Node], _ depth: Int) -> [String: Node] {
            var out: [String: Node] = [:]
            for name in Self.names {
                let roll = rng.next(100)
                switch folder[name] {
                case nil:
                    if roll < 12 { out[name] = depth < 3 && rng.next(2) == 0 ? .folder(randomFolder(depth + 1)) : .file("new\n", 0o100644) }
                case let .file(text, mode)?:
                    if roll < 60 { out[name] = .file(text, mode) }
                    else if roll < 70 { out[name] = .file(text + "+\n", mode) }
                    else if roll < 78 { out[name] = .file(text, mode == 0o100755 ? 0o100644 : 0o100755) }
                    else if roll < 86 && depth < 3 { out[name] = .folder(randomFolder(depth + 1)) }
                case let .folder(children)?:
                    if roll < 50 { out[name] = .folder(children) }
                    else if roll < 85 { out[name] = .folder(edit(children, depth + 1)) }
                    else if roll < 92 { out[name] = .file("was a folder\n", 0o100644) }
                }
            }
            return out
        }
        func randomPaths(_ folder: [String: Node]) -> [String] {
            var out: [String] = []
            for _ in 0..<(1 + rng.next(2)) {
                var path: [String] = [], f = folder
                while let name = f.keys.sorted().randomElement(using: &rng) {
                    path.append(name)
                    guard case .folder(let c)? = f[name], rng.next(3) > 0 else { break }
                    f = c
                }
                if !path.isEmpty { out.append(path.joined(separator: "/")) }
            }
            return out.isEmpty ? ["a"] : out
        }

        var compared = 0
        for _ in 0..<25 {
            let first = randomFolder(0), second = edit(first, 0)
            let t1 = try write(first, to: repo), t2 = try write(second, to: repo)
            XCTAssertEqual(render(try repo.changes(from: t1, to: t2)), try oracle(t1, t2, in: dir))
            XCTAssertEqual(render(try repo.changes(from: t2, to: t1)), try oracle(t2, t1, in: dir))
            let paths = randomPaths(first)
            XCTAssertEqual(render(try repo.changes(from: t1, to: t2, under: paths)), try oracle(t1, t2, under: paths, in: dir), "\(paths)")
            compared += try repo.changes(from: t1, to: t2).count
        }
        XCTAssertGreaterThan(compared, 100, "the edits change something")
    }

    /// A ledger-sized folder where one entry or two differ, at the start, the middle and the end:
    /// only the bytes between the two trees' common start and common end are walked entry by
    /// entry, so names sharing a prefix, same-length ids and neighbours must all come out right.
    /// `RawTree.differing` walks entries from the marks a tree took from the trees compared
    /// with it before; along a history of one folder (each version the last one with an entry
    /// changed, added or removed anywhere), every comparison must find what a walk from the
    /// first entry of unmarked copies finds.
    func testMarksGiveWhatAWalkFromTheStartGives() {
        var rng = SystemRandomNumberGenerator()
        func entry(_ name: String, _ id: UInt8) -> [UInt8] {
            // Ids holding NULs and spaces, as real ids do.
            var bytes = Array("100644 \(name)".utf8)
            bytes.append(0)
            for k in 0..<20 {
                let b: UInt8 = k % 3 == 0 ? 0 : k % 5 == 0 ? 32 : id &+ UInt8(k)
                bytes.append(b)
            }
            return bytes
        }
        func tree(_ entries: [(String, UInt8)]) -> RawTree {
            let bytes = entries.sorted { $0.0 < $1.0 }.flatMap { entry($0.0, $0.1) }
            let object = ObjectBytes(count: bytes.count)
            bytes.withUnsafeBufferPointer { _ = UnsafeMutableBufferPointer(start: object.bytes, count: bytes.count).initialize(from: $0) }
            return RawTree(object)
        }
        for round in 0..<20 {
            var entries = (0..<Int.random(in: 1...400, using: &rng)).map { ("p\(String(format: "%06d", $0 * 3)).yaml", UInt8.random(in: 0...255, using: &rng)) }
            var last = tree(entries)
            for step in 0..<150 {
                let i = Int.random(in: 0..<entries.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0 where entries.count > 1: entries.remove(at: i)
                case 1: entries.append(("p\(String(format: "%06d", Int.random(in: 0...1300, using: &rng))).yaml", 7))
                case 2: break  // the same bytes again
                default: entries[i].1 &+= 1
                }
                entries = Dictionary(entries, uniquingKeysWith: { a, _ in a }).map { ($0.key, $0.value) }
                let next = tree(entries)
                let got = RawTree.differing(last, next)
                let fresh = RawTree.differing(unmarked(last), unmarked(next))
                XCTAssertEqual(got.start, fresh.start, "round \(round) step \(step)")
                XCTAssertEqual(got.sameTail, fresh.sameTail, "round \(round) step \(step)")
                // Every mark starts an entry: walking from the first entry reaches it.
                for m in next.marks { XCTAssertTrue(starts(next, m), "round \(round) step \(step) mark \(m)") }
                last = next
            }
        }
    }

    /// The same bytes in a tree of their own, with no marks.
    func unmarked(_ t: RawTree) -> RawTree {
        let object = ObjectBytes(count: t.count)
        memcpy(object.bytes, t.bytes, t.count)
        return RawTree(object)
    }

    /// Whether an entry of `t` starts at `offset`.
    func starts(_ t: RawTree, _ offset: Int) -> Bool {
        var at = 0
        while at < offset {
            guard let e = try? t.entry(at: at, tree: ObjectID(bytes: [UInt8](repeating: 1, count: 20))!) else { return false }
            at = e.end
        }
        return at == offset
    }

    func testLargeFolderWithFewEntriesApart() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        var base: [String: Node] = [:]
        for k in 0..<300 { base[String(format: "p%04d.yaml", k)] = .file("goal \(k)\n", 0o100644) }
        let t0 = try XCTUnwrap(try write(["records": .folder(base), "ledger.yaml": .file("x\n", 0o100644)], to: repo))
        var variants: [(String, [String: Node])] = []
        for k in [0, 1, 150, 298, 299] {
            var v = base; v[String(format: "p%04d.yaml", k)] = .file("goal \(k) changed\n", 0o100644); variants.append(("modify \(k)", v))
            v = base; v[String(format: "p%04d.yaml", k)] = nil; variants.append(("delete \(k)", v))
            v = base; v[String(format: "p%04d.yaml", k)] = .file("goal \(k)\n", 0o100755); variants.append(("mode \(k)", v))
            v = base; v[String(format: "p%04d.yaml", k)] = .folder(["x": .file("now a folder\n", 0o100644)]); variants.append(("folder \(k)", v))
        }
        for name in ["a.yaml", "p0150.yaml.bak", "p0150", "p01500.yaml", "p0150-a.yaml", "zz.yaml", "p0149.yaml~"] {
            var v = base; v[name] = .file("new\n", 0o100644); variants.append(("add \(name)", v))
        }
        var swapped = base
        swapped["p0100.yaml"] = .file("goal 101\n", 0o100644); swapped["p0101.yaml"] = .file("goal 100\n", 0o100644)
        variants.append(("swap neighbours", swapped))
        var moved = base
        moved["p0100.yaml"] = nil; moved["p0100b.yaml"] = base["p0100.yaml"]
        variants.append(("rename", moved))
        var spread = base
        for k in [3, 77, 78, 200, 297] { spread[String(format: "p%04d.yaml", k)] = .file("other\n", 0o100644) }
        spread["p0001.yaml"] = nil; spread["q.yaml"] = .file("q\n", 0o100644)
        variants.append(("spread", spread))
        for (label, v) in variants {
            let t = try XCTUnwrap(try write(["records": .folder(v), "ledger.yaml": .file("x\n", 0o100644)], to: repo))
            XCTAssertEqual(render(try repo.changes(from: t0, to: t)), try oracle(t0, t, in: dir), label)
            XCTAssertEqual(render(try repo.changes(from: t, to: t0)), try oracle(t, t0, in: dir), label + ", backwards")
            XCTAssertFalse(try repo.changes(from: t0, to: t).isEmpty, label)
        }
    }

    /// `entry(at:in:)` finds each file and folder by binary search in git's order: every path
    /// `git ls-tree -r -t` lists, in random trees of names that sort differently as folders.
    func testEntryAtPathFindsWhatLsTreeLists() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        var rng = SplitMix(seed: 7)
        func randomFolder(_ depth: Int) -> [String: Node] {
            var out: [String: Node] = [:]
            for name in Self.names where rng.next(100) < 60 {
                out[name] = depth < 2 && rng.next(100) < 40 ? .folder(randomFolder(depth + 1)) : .file("v\(rng.next(3))\n", 0o100644)
            }
            return out
        }
        var looked = 0
        for _ in 0..<8 {
            guard let tree = try write(randomFolder(0), to: repo) else { continue }
            // Opened afresh: the writer's listings are not in its cache.
            let reader = try Repository(path: dir)
            for line in try git(["ls-tree", "-r", "-t", "-z", tree.hex], in: dir).out.split(separator: "\0") {
                let parts = line.split(separator: "\t", maxSplits: 1)
                let meta = parts[0].split(separator: " ")
                let e = try XCTUnwrap(try reader.entry(at: String(parts[1]), in: tree), String(parts[1]))
                XCTAssertEqual(e.id.hex, String(meta[2]), String(parts[1]))
                XCTAssertEqual(e.kind == .tree, meta[1] == "tree", String(parts[1]))
                // Found by the binary search itself, not by the scan `entry(at:in:)` falls back on.
                let path = parts[1].split(separator: "/")
                let folder = path.count == 1 ? tree : try XCTUnwrap(try reader.entry(at: path.dropLast().joined(separator: "/"), in: tree)).id
                XCTAssertEqual(Repository.find(path.last!, in: try reader.treeEntries(folder))?.id, e.id, String(parts[1]))
                // And by its name in its folder's raw bytes (`entry(named:in:)`), the same entry.
                XCTAssertEqual(try reader.entry(named: String(path.last!), in: folder), e, String(parts[1]))
                looked += 1
            }
            for missing in ["zz", "a-", "nothing", ""] { XCTAssertNil(try reader.entry(named: missing, in: tree), missing) }
            for missing in ["a/zz", "a-b/", "nothing", "a.b/a/a0/x"] where try git(["rev-parse", "-q", "--verify", "\(tree.hex):\(missing)"], in: dir, check: false).status != 0 {
                XCTAssertNil(try reader.entry(at: missing, in: tree), missing)
            }
        }
        XCTAssertGreaterThan(looked, 50)
    }

    /// Trees another tool wrote with old mode spellings (git before 2005 wrote 100664; some
    /// tools pad a folder's mode as 040000): git reads them as 100644 and 40000, and so do we.
    func testOldModeSpellingsAndADamagedTree() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        let blob = try repo.writeBlob(bytes("same\n")), other = try repo.writeBlob(bytes("other\n"))
        let sub = try XCTUnwrap(try write(["f": .file("in\n", 0o100644)], to: repo))
        func literalTree(_ entries: [(String, String, ObjectID)]) throws -> ObjectID {
            var raw: [UInt8] = []
            for (mode, name, id) in entries { raw += bytes("\(mode) \(name)") + [0] + id.bytes }
            let file = dir + "/tree.raw"
            try Data(raw).write(to: URL(fileURLWithPath: file))
            let hex = try git(["hash-object", "-w", "-t", "tree", "--literally", file], in: dir).out
            return try XCTUnwrap(ObjectID(hex: hex.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let t1 = try literalTree([("100664", "a", blob), ("040000", "d", sub), ("100644", "e", blob)])
        let t2 = try literalTree([("100644", "a", blob), ("40000", "d", sub), ("100664", "e", other)])
        XCTAssertEqual(render(try repo.changes(from: t1, to: t2)), try oracle(t1, t2, in: dir))
        XCTAssertEqual(try repo.changes(from: t1, to: t2).map(\.path), ["e"])
        XCTAssertEqual(render(try repo.changes(from: nil, to: t1)), try oracle(nil, t1, in: dir))
        for name in ["a", "d", "e"] {
            XCTAssertEqual(try repo.entry(named: name, in: t1), try repo.entry(at: name, in: t1), name)
            XCTAssertEqual(try repo.entry(named: name, in: t2), try repo.entry(at: name, in: t2), name)
        }

        var broken = bytes("100644 a") + [0] + blob.bytes + bytes("100644 b")
        broken += [0] + Array(blob.bytes.prefix(7))
        let file = dir + "/broken.raw"
        try Data(broken).write(to: URL(fileURLWithPath: file))
        let hex = try git(["hash-object", "-w", "-t", "tree", "--literally", file], in: dir).out
        let damaged = try XCTUnwrap(ObjectID(hex: hex.trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertThrowsError(try repo.changes(from: t1, to: damaged)) { error in
            XCTAssertTrue("\(error)".contains(damaged.short), "\(error)")
        }
        XCTAssertThrowsError(try repo.changes(from: t1, to: blob), "a blob is not a tree")
        XCTAssertThrowsError(try repo.entry(named: "b", in: damaged))
    }
}

/// A small seeded generator, so the random trees are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
