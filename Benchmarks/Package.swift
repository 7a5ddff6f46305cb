// swift-tools-version: 6.1
import PackageDescription

/// Benchmarks for exfilwatch, kept out of the main package so normal builds never fetch the
/// benchmark dependencies. Run from this directory: `swift package benchmark`; with ISA-L:
/// `swift package --traits ISAL benchmark` (needs `libisal-dev`).
let package = Package(
    name: "exfilwatch-benchmarks",
    platforms: [.macOS(.v15)],
    traits: [
        .trait(name: "ISAL", description: "Build exfilwatch with its ISAL trait (inflate with ISA-L igzip).")
    ],
    dependencies: [
        .package(
            name: "exfilwatch",
            path: "..",
            traits: [.defaults, .trait(name: "ISAL", condition: .when(traits: ["ISAL"]))]
        ),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "SyntheticLogs", dependencies: [.product(name: "ExfilWatch", package: "exfilwatch")]),
        .executableTarget(name: "exfilwatch-loggen", dependencies: ["SyntheticLogs"]),
        .executableTarget(
            name: "ExfilWatchBenchmarks",
            dependencies: [
                "SyntheticLogs",
                .product(name: "ExfilWatch", package: "exfilwatch"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ExfilWatchBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
