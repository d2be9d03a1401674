import Foundation
import XCTest

/// `make install` into a temporary DESTDIR, once for the class (a static release build takes
/// minutes; its build folder .build/install-test is kept, so later runs only rebuild what
/// changed), then the installed files used as people use them: the binary run with no Swift
/// toolchain in reach, the man pages through man, the completions through bash, zsh and fish.
/// What kpi has (its commands, options and their choices) comes from the installed binary's own
/// description of itself (`kpi --experimental-dump-help`); docs/install.md.
final class InstallTests: XCTestCase {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The one `make install` of this class.
    struct Installation: Sendable {
        let sandbox: Sandbox
        let make: Sandbox.Run
        /// What `kpi --version` must say: this build's release, and the commit as git named it then.
        let version: String
        var destdir: String { sandbox.dir.path + "/destdir" }
        var prefix: String { destdir + "/usr/local" }
        var binary: String { prefix + "/bin/kpi" }
    }

    /// Made before anything is installed, so tearDown can remove it without installing.
    static let sandbox = try! Sandbox()

    static let installation: Installation = {
        let s = sandbox
        // make and swift build as a person would run them: their own HOME (SwiftPM's caches), PATH.
        s.env = ProcessInfo.processInfo.environment
        let destdir = s.dir.path + "/destdir"
        let version = try! expectedVersion()
        let make = try! s.run("/usr/bin/make", ["-C", package.path, "install", "PREFIX=/usr/local", "DESTDIR=" + destdir,
                                                "SCRATCH=" + package.path + "/.build/install-test"])
        return Installation(sandbox: s, make: make, version: version)
    }()

    override class func tearDown() {
        try? FileManager.default.removeItem(at: sandbox.dir)
        super.tearDown()
    }

    func installed() throws -> Installation {
        let i = InstallTests.installation
        guard i.make.status == 0 else {
            XCTFail("make install failed:\n\(i.make.stdout.suffix(3000))\n\(i.make.stderr.suffix(3000))")
            throw XCTSkip("nothing installed")
        }
        return i
    }

    /// A shell or man, which the product says it serves: missing, the test fails (.ci/run installs them).
    func tool(_ path: String, debian package: String) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            XCTFail("\(path) is not installed: apt-get install \(package) (.ci/run does)")
            throw XCTSkip("no \(path)")
        }
        return path
    }

    /// A program run with a clean environment of its own (a private HOME), from `cwd`.
    func run(_ exe: String, _ args: [String], cwd: String? = nil, env: [String: String] = [:]) throws -> Sandbox.Run {
        let s = try Sandbox()
        return try s.run(exe, args, cwd: cwd, env: env)
    }

    // MARK: What kpi says it has

    /// One command of the installed binary: its words after `kpi`, and its options and arguments.
    struct Command {
        let path: [String]
        let arguments: [[String: Any]]
        var line: String { (["kpi"] + path).joined(separator: " ") }

        /// Options and positional arguments whose completion is a fixed list, with that list.
        var choices: [(words: [String], values: [String])] {
            var positionals = 0
            var found: [(words: [String], values: [String])] = []
            for a in arguments where a["shouldDisplay"] as? Bool != false {
                let kind = a["kind"] as? String
                if kind == "positional" { positionals += 1 }
                guard let completion = a["completionKind"] as? [String: Any],
                      let list = completion["list"] as? [String: Any], let values = list["values"] as? [String] else { continue }
                if kind == "option" { found.append(([longName(a)!], values.sorted())) }
                if kind == "positional" { found.append((Array(repeating: "x", count: positionals - 1), values.sorted())) }
            }
            return found
        }

        /// The words before a folder is typed: after each `-C`, and in the place of a folder argument.
        var folderPlaces: [[String]] { places { $0["directory"] != nil } }

        /// The words before a file of any kind is typed (`-o`, `--notes-file` ...).
        var filePlaces: [[String]] { places { ($0["file"] as? [String: Any])?["extensions"] as? [String] == [] } }

        func places(where completes: ([String: Any]) -> Bool) -> [[String]] {
            var positionals = 0
            var places: [[String]] = []
            for a in arguments where a["shouldDisplay"] as? Bool != false {
                let kind = a["kind"] as? String
                if kind == "positional" { positionals += 1 }
                guard let completion = a["completionKind"] as? [String: Any], completes(completion) else { continue }
                if kind == "option" { places.append([optionName(a)!]) }
                if kind == "positional" { places.append(Array(repeating: "x", count: positionals - 1)) }
            }
            return places
        }

        var longOptions: [String] {
            arguments.filter { $0["kind"] as? String != "positional" && $0["shouldDisplay"] as? Bool != false }.compactMap(longName)
        }

        func longName(_ a: [String: Any]) -> String? {
            let names = a["names"] as? [[String: String]] ?? []
            return names.first { $0["kind"] == "long" }.map { "--" + $0["name"]! }
        }

        func optionName(_ a: [String: Any]) -> String? {
            longName(a) ?? (a["names"] as? [[String: String]])?.first.map { "-" + $0["name"]! }
        }
    }

    func commands(_ i: Installation) throws -> [Command] {
        let dump = try run(i.binary, ["--experimental-dump-help"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var all: [Command] = []
        func walk(_ c: [String: Any], _ path: [String]) {
            all.append(Command(path: path, arguments: c["arguments"] as? [[String: Any]] ?? []))
            for sub in c["subcommands"] as? [[String: Any]] ?? [] where sub["shouldDisplay"] as? Bool != false {
                walk(sub, path + [sub["commandName"] as! String])
            }
        }
        walk(try XCTUnwrap(root["command"] as? [String: Any]), [])
        return all
    }

    // MARK: Files

    func files(under root: String) -> Set<String> {
        let e = FileManager.default.enumerator(atPath: root)
        var found: Set<String> = []
        while let f = e?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + f, isDirectory: &isFolder), !isFolder.boolValue { found.insert(f) }
        }
        return found
    }

    func testInstallPutsEachFileInPlaceAndUninstallRemovesEachOne() throws {
        let i = try installed()
        // A man page per command: kpi.1, kpi.score.1, kpi.goal.set.1 ...
        let pages = try commands(i).map { "usr/local/share/man/man1/" + (["kpi"] + $0.path).joined(separator: ".") + ".1" }
        XCTAssertGreaterThan(pages.count, 30)
        let expected = Set(["usr/local/bin/kpi", "usr/local/share/bash-completion/completions/kpi",
                            "usr/local/share/zsh/site-functions/_kpi", "usr/local/share/fish/vendor_completions.d/kpi.fish"] + pages)
        XCTAssertEqual(files(under: i.destdir), expected)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: i.binary))

        // Uninstalled from a copy, so the other tests keep theirs; a file of someone else's stays.
        let copy = i.sandbox.dir.path + "/uninstall"
        XCTAssertEqual(try run("/bin/cp", ["-a", i.destdir, copy]).status, 0)
        try Data("another program's page\n".utf8).write(to: URL(fileURLWithPath: copy + "/usr/local/share/man/man1/kpilot.1"))
        let u = try run("/usr/bin/make", ["-C", InstallTests.package.path, "uninstall", "PREFIX=/usr/local", "DESTDIR=" + copy])
        XCTAssertEqual(u.status, 0, u.stderr)
        XCTAssertEqual(files(under: copy), ["usr/local/share/man/man1/kpilot.1"])
    }

    // MARK: The binary without Swift

    /// The release of the debug build beside the tests, and the commit as git names it now
    /// (with -dirty when tracked files differ from it), as the Makefile records it.
    static func expectedVersion() throws -> String {
        let s = try Sandbox()
        let plain = try s.run(Sandbox.kpiBinary.path, ["--version"]).stdout  // kpi 0.1.0 (commit unknown)
        let release = plain.components(separatedBy: " (commit ")[0]
        let head = try s.run("/usr/bin/git", ["-C", package.path, "rev-parse", "--short=12", "HEAD"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let dirty = try s.run("/usr/bin/git", ["-C", package.path, "diff", "--quiet", "HEAD", "--"]).status != 0
        return "\(release) (commit \(head)\(dirty ? "-dirty" : ""))\n"
    }

    /// The folder of the toolchain's own libraries (the Swift runtime, Foundation): beside the
    /// `swift` on PATH, `<toolchain>/usr/lib/swift`.
    func toolchainLibraries() throws -> String {
        let which = try run("/bin/sh", ["-c", "readlink -f \"$(command -v swift)\""], env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""])
        let swift = URL(fileURLWithPath: which.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let lib = swift.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lib/swift").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: lib + "/linux/libswiftCore.so"), lib)
        return lib
    }

    /// A shell command that runs the installed kpi as a person would on a new machine: its
    /// version, then a demo ledger made in `work` and one score of it.
    func firstUse(_ i: Installation, in work: String) -> String {
        "\(i.binary) --version && \(i.binary) demo \(work)/demo >/dev/null && cd \(work)/demo && \(i.binary) score --quarter 2026-Q3 alice --format json"
    }

    /// The version line, then the score exactly as the debug build beside the tests gives it
    /// on the same ledger (the release build must answer as the tested one does).
    func checkFirstUse(_ r: Sandbox.Run, in work: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        let tested = try run("/usr/bin/env", ["-i", Sandbox.kpiBinary.path, "score", "--quarter", "2026-Q3", "alice", "--format", "json"],
                             cwd: work + "/demo")
        XCTAssertEqual(tested.status, 0, tested.stderr, file: file, line: line)
        XCTAssertTrue(tested.stdout.contains("\"id\": \"alice\""), tested.stdout, file: file, line: line)
        XCTAssertEqual(r.stdout, InstallTests.installation.version + tested.stdout, file: file, line: line)
    }

    func testTheInstalledBinaryLinksNoSwiftLibraryAndRunsInAnEmptyEnvironment() throws {
        let i = try installed()
        let toolchain = try toolchainLibraries()
        let ldd = try run("/usr/bin/ldd", [i.binary])
        XCTAssertEqual(ldd.status, 0, ldd.stderr)
        for swiftOnly in [toolchain, "libswift", "libFoundation", "libdispatch", "libBlocksRuntime"] {
            XCTAssertFalse(ldd.stdout.contains(swiftOnly), ldd.stdout)
        }
        XCTAssertTrue(ldd.stdout.contains("libgit2.so"), ldd.stdout)  // the system's, as docs/install.md says
        // The debug build beside the tests does use the toolchain's: the check can tell them apart.
        XCTAssertTrue(try run("/usr/bin/ldd", [Sandbox.kpiBinary.path]).stdout.contains(toolchain))

        // No variable at all: no PATH, no LD_LIBRARY_PATH, no HOME.
        let work = i.sandbox.dir.path + "/empty-environment"
        try checkFirstUse(try run("/usr/bin/env", ["-i", "/bin/sh", "-c", firstUse(i, in: work)]), in: work)
    }

    func testTheInstalledBinaryRunsWithTheToolchainsLibrariesHidden() throws {
        let i = try installed()
        let toolchain = try toolchainLibraries()
        // A mount namespace of our own (as root, or through a user namespace), with an empty
        // folder mounted over the toolchain's libraries.
        guard try run("/usr/bin/unshare", ["-rm", "/bin/true"]).status == 0 else {
            throw XCTSkip("no mount namespace here (unshare -rm refused): the empty-environment test still ran")
        }
        let hidden = { (script: String) in
            try self.run("/usr/bin/unshare", ["-rm", "/bin/sh", "-c", "mount -t tmpfs none '\(toolchain)' && ls -A '\(toolchain)' | wc -l && " + script])
        }
        let work = i.sandbox.dir.path + "/hidden-toolchain"
        let installed = try hidden("env -i /bin/sh -c '\(firstUse(i, in: work))'")
        XCTAssertTrue(installed.stdout.hasPrefix("0\n"), installed.stdout)  // the folder looked empty
        try checkFirstUse(Sandbox.Run(status: installed.status, stdout: String(installed.stdout.dropFirst(2)), stderr: installed.stderr), in: work)
        // The debug build needs those libraries: hidden, it cannot start.
        let debug = try hidden("exec '\(Sandbox.kpiBinary.path)' --version")
        XCTAssertEqual(debug.status, 127, debug.stdout)
        XCTAssertTrue(debug.stderr.contains("error while loading shared libraries: libswift"), debug.stderr)
    }

    // MARK: Man pages

    func testManShowsAPagePerCommandWithItsOptions() throws {
        let i = try installed()
        let man = ["MANPATH": i.prefix + "/share/man", "MANWIDTH": "200", "MANPAGER": "cat", "PAGER": "cat", "LANG": "C.UTF-8"]
        // `man kpi` finds the installed page by name.
        let top = try run(try tool("/usr/bin/man", debian: "man-db"), ["kpi"], env: man)
        XCTAssertEqual(top.status, 0, top.stderr)
        let commands = try commands(i)
        for expected in ["NAME", "SYNOPSIS", "DESCRIPTION", "SEE ALSO", "-C", "--version"] {
            XCTAssertTrue(top.stdout.contains(expected), "\(expected) missing from man kpi:\n\(top.stdout.prefix(3000))")
        }
        for c in commands where c.path.count == 1 {
            XCTAssertTrue(top.stdout.contains("kpi.\(c.path[0])(1)"), "man kpi does not point to kpi.\(c.path[0])(1)")
        }
        // Every command's page renders and names each of its options.
        for c in commands where !c.path.isEmpty {
            let page = try run("/usr/bin/man", [(["kpi"] + c.path).joined(separator: ".")], env: man)
            XCTAssertEqual(page.status, 0, "\(c.line): \(page.stderr)")
            XCTAssertEqual(page.stderr, "", c.line)
            XCTAssertTrue(page.stdout.contains(c.line), "\(c.line) missing from its page:\n\(page.stdout.prefix(2000))")
            for option in c.longOptions {
                XCTAssertTrue(page.stdout.contains(option), "\(option) missing from the page of \(c.line)")
            }
        }
    }

    // MARK: Completion

    /// A folder with two folders and a file starting alike: a folder place offers the two folders.
    func completionFolder(_ i: Installation) throws -> String {
        let folder = i.sandbox.dir.path + "/complete-\(UUID().uuidString)"
        for f in ["alpha-ledger", "alpine"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + f, withIntermediateDirectories: true)
        }
        try Data().write(to: URL(fileURLWithPath: folder + "/alpha-notes.txt"))
        return folder
    }

    /// Every line to complete and what it must offer: a folder after each command's `-C` (and in
    /// each folder argument's place), a file where any file goes, each choice of each option with
    /// a fixed set of values.
    func cases(_ i: Installation) throws -> [(line: String, offers: [String])] {
        var cases: [(line: String, offers: [String])] = []
        for c in try commands(i) {
            for place in c.folderPlaces { cases.append((c.line + " " + (place + ["alp"]).joined(separator: " "), ["alpha-ledger", "alpine"])) }
            for place in c.filePlaces { cases.append((c.line + " " + (place + ["alpha-n"]).joined(separator: " "), ["alpha-notes.txt"])) }
            for choice in c.choices { cases.append((c.line + " " + (choice.words + [""]).joined(separator: " "), choice.values)) }
        }
        return cases
    }

    /// Checked by hand against docs/: the choices a person is told about must be among the cases.
    func testTheDocumentedChoicesAreAmongTheCompletions() throws {
        let i = try installed()
        let all = Dictionary(try cases(i).map { ($0.line, $0.offers) }) { a, _ in a }
        let documented: [String: [String]] = [
            "kpi -C alp": ["alpha-ledger", "alpine"],
            "kpi score -C alp": ["alpha-ledger", "alpine"],
            "kpi init alp": ["alpha-ledger", "alpine"],
            "kpi goal set --method ": ["binary", "progress", "ratio"],
            "kpi review --rating ": ["A", "B", "C", "D", "S"],
            "kpi audit --fail-on ": ["error", "warning"],
            "kpi sync --transport ": ["git", "libgit2"],
            "kpi clone --transport ": ["git", "libgit2"],
            "kpi score --format ": ["csv", "json", "markdown", "table", "xlsx"],
            "kpi check --format ": ["json", "text"],
            "kpi verify --format ": ["json", "table"],
            "kpi suggest --level ": ["junior", "mid", "senior"],
            "kpi score --output alpha-n": ["alpha-notes.txt"],
            "kpi review --notes-file alpha-n": ["alpha-notes.txt"],
        ]
        for (line, offers) in documented { XCTAssertEqual(all[line], offers, line) }
        // Every --format of every command has its choices.
        for c in try commands(i) where c.longOptions.contains("--format") {
            XCTAssertNotNil(all[c.line + " --format "], c.line + " --format")
        }
    }

    /// The sections `> LINE` / its matches, one a line, that the three shell drivers print.
    func offers(_ output: String) -> [String: [String]] {
        var found: [String: [String]] = [:]
        var line: String?
        for l in output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if l.hasPrefix("> ") { line = String(l.dropFirst(2)); found[line!] = [] } else if let line {
                // fish: `value<TAB>description`, folders with a slash.
                var value = String(l.split(separator: "\t", omittingEmptySubsequences: false)[0])
                if value.hasSuffix("/") { value.removeLast() }
                found[line]!.append(value)
            }
        }
        return found.mapValues { Array(Set($0)).sorted() }
    }

    func check(_ shell: String, _ r: Sandbox.Run, _ cases: [(line: String, offers: [String])]) {
        XCTAssertEqual(r.status, 0, "\(shell): \(r.stderr)")
        let got = offers(r.stdout)
        XCTAssertEqual(got.count, cases.count, shell)
        for c in cases { XCTAssertEqual(got[c.line], c.offers, "\(shell): \(c.line)") }
    }

    /// bash as on TAB: COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT set, then the function the
    /// installed script registered for kpi (`complete -p kpi`) called, COMPREPLY printed.
    func testBashCompletesFoldersAndEveryChoice() throws {
        let i = try installed()
        let cases = try cases(i)
        XCTAssertGreaterThan(cases.count, 40)
        var script = """
            source '\(i.prefix)/share/bash-completion/completions/kpi'
            registered=$(complete -p kpi) || exit 1
            f=$(sed -E 's/.*-F ([^ ]+) .*/\\1/' <<<"$registered")
            tab() {
              COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
              "$f" kpi "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
              printf '> %s\\n' "$*"; printf '%s\\n' "${COMPREPLY[@]}"
            }

            """
        for c in cases {
            script += "tab " + c.line.split(separator: " ", omittingEmptySubsequences: false).map { "'\($0)'" }.joined(separator: " ") + "\n"
        }
        let r = try run("/bin/bash", ["--norc", "--noprofile", "-c", script], cwd: try completionFolder(i),
                        env: ["PATH": i.prefix + "/bin:/usr/bin:/bin"])
        check("bash", r, cases)
    }

    /// zsh as on TAB, in a pseudo-terminal: Tests/shell/zsh-complete.zsh.
    func testZshCompletesFoldersAndEveryChoice() throws {
        let i = try installed()
        let cases = try cases(i)
        let driver = InstallTests.package.path + "/Tests/shell/zsh-complete.zsh"
        let r = try run(try tool("/usr/bin/zsh", debian: "zsh"), ["-f", driver, i.prefix + "/share/zsh/site-functions"] + cases.map(\.line),
                        cwd: try completionFolder(i), env: ["PATH": i.prefix + "/bin:/usr/bin:/bin"])
        check("zsh", r, cases)
    }

    /// fish's own `complete -C LINE`: what fish offers on TAB after LINE.
    func testFishCompletesFoldersAndEveryChoice() throws {
        let i = try installed()
        let cases = try cases(i)
        let r = try run(try tool("/usr/bin/fish", debian: "fish"), ["--no-config", "-c",
                                          "source '\(i.prefix)/share/fish/vendor_completions.d/kpi.fish'; for l in $argv; echo \"> $l\"; complete -C\"$l\"; end"]
                                          + cases.map(\.line),
                        cwd: try completionFolder(i), env: ["PATH": i.prefix + "/bin:/usr/bin:/bin"])
        check("fish", r, cases)
    }
}
