// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kpi-ledger",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kpi", targets: ["kpi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Test oracle only: never linked into the tool.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "GitStore", dependencies: ["CGit2"]),
        .target(name: "LedgerFormat"),
        .target(name: "LedgerCore", dependencies: ["GitStore", "LedgerFormat"]),
        .target(
            name: "KPICLI",
            dependencies: [
                "LedgerCore", "LedgerFormat", "GitStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The example ledger's history, so `kpi demo` works wherever the binary is copied.
            resources: [.embedInCode("Resources/history.kpi")]
        ),
        .executableTarget(name: "kpi", dependencies: ["KPICLI"]),
        .executableTarget(name: "kpi-parse-bench", dependencies: ["LedgerFormat"]),
        // The benchmark (and synthetic-ledger generator): `make bench`. Yams is a peer to compare with, never in the tool.
        .executableTarget(
            name: "kpi-bench",
            dependencies: ["LedgerCore", "LedgerFormat", "GitStore", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore"]),
        .testTarget(
            name: "LedgerFormatTests",
            dependencies: ["LedgerFormat", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "LedgerCoreTests",
            dependencies: ["LedgerCore", "LedgerFormat", "GitStore", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(name: "KPICLITests", dependencies: ["KPICLI", "LedgerCore", "LedgerFormat"]),
    ]
)
