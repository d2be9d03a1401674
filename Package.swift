// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "kpi-ledger",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kpi", targets: ["kpi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
        // Test oracle only: never linked into the tool.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // `kpi serve`: a small, maintained async HTTP server on SwiftNIO (docs/serve.md says why).
        // Its optional traits (swift-configuration, full Foundation) are not needed here.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already in Hummingbird's graph; named so the server can quiet its log, read its port, name headers.
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // The zip container of .xlsx workbooks (docs/spreadsheets.md); the XML inside is our own.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // libcrypto (OpenSSL) verifies SSH commit signatures in process; libgit2-dev brings it.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // libgit2's parse of the system's certificate authorities, moved from its start-up to the first HTTPS transfer.
        .target(name: "CDeferredCertificates", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "GitStore", dependencies: ["CGit2", "CLibCrypto", "CDeferredCertificates"]),
        // The commit `kpi --version` names (the Makefile records it; docs/install.md).
        .target(name: "CBuildInfo"),
        // glibc's malloc kept to one arena for `kpi score`'s threads (docs/architecture.md, "Memory").
        .target(name: "CMallocArenas"),
        .target(name: "LedgerFormat"),
        .target(name: "LedgerCore", dependencies: ["GitStore", "LedgerFormat"]),
        // .xlsx workbooks written and read (a grid of typed cells, no ledger knowledge).
        .target(name: "Spreadsheet", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "KPICLI",
            dependencies: [
                "LedgerCore", "LedgerFormat", "GitStore", "Spreadsheet", "CBuildInfo", "CMallocArenas",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The example ledger's history, so `kpi demo` works wherever the binary is copied.
            resources: [.embedInCode("Resources/history.kpi")]
        ),
        // The web face (`kpi serve`): pages, JSON API and form writes over the CLI's own code.
        .target(
            name: "KPIWeb",
            dependencies: [
                "KPICLI", "LedgerCore", "GitStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "kpi",
            dependencies: ["KPICLI", "KPIWeb", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // What every start maps (docs/architecture.md, "Start-up"): lld packs the relative
            // relocations into a bitmap (DT_RELR, glibc 2.36: 2.6 MB of table read at each start
            // become 21 KB), and only the symbols shared libraries bind to are exported (the
            // static runtime's link asks for all: 1.2 MB of symbol table touched at each start).
            linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                                           "-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux]))]
        ),
        .executableTarget(name: "kpi-parse-bench", dependencies: ["LedgerFormat", "LedgerCore", "SyntheticLedger"]),
        // The text of a synthetic ledger's files, for the benchmark's generator and the golden tests' ledger alike.
        .target(name: "SyntheticLedger"),
        // The benchmark (and synthetic-ledger generator): `make bench`. Yams is a peer to compare with, never in the tool.
        .executableTarget(
            name: "kpi-bench",
            dependencies: ["LedgerCore", "LedgerFormat", "GitStore", "SyntheticLedger", .product(name: "Yams", package: "Yams")]
        ),
        // The tests' temporary folders, each removed when its test ends (Tests/TestFolders).
        .target(name: "TestFolders", path: "Tests/TestFolders"),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore", "TestFolders"]),
        .testTarget(
            name: "LedgerFormatTests",
            dependencies: ["LedgerFormat", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "LedgerCoreTests",
            dependencies: ["LedgerCore", "LedgerFormat", "GitStore", "TestFolders", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(name: "KPICLITests", dependencies: ["KPICLI", "LedgerCore", "LedgerFormat", "Spreadsheet", "SyntheticLedger", "TestFolders"]),
    ]
)
