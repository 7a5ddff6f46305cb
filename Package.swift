// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "exfilwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "exfilwatch", targets: ["exfilwatch"]),
        .library(name: "ExfilWatch", targets: ["ExfilWatch"]),
        .library(name: "ExfilWatchDelivery", targets: ["ExfilWatchDelivery"]),
        .library(name: "ExfilWatchSynth", targets: ["ExfilWatchSynth"]),
    ],
    traits: [
        .trait(
            name: "ISAL",
            description: "Inflate gzip with Intel ISA-L (igzip), about 4x faster than zlib; needs libisal-dev."
        )
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CISAL",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]
        ),
        .target(
            name: "ExfilWatch",
            dependencies: [
                "CZlib",
                .target(name: "CISAL", condition: .when(traits: ["ISAL"])),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "ExfilWatchSynth",
            dependencies: ["CZlib"]
        ),
        // HTTP delivery lives in its own module so the engine (and the benchmarks) build without NIO.
        .target(
            name: "ExfilWatchDelivery",
            dependencies: [
                "ExfilWatch",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "exfilwatch",
            dependencies: [
                "ExfilWatch",
                "ExfilWatchDelivery",
                "ExfilWatchSynth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ExfilWatchTests",
            dependencies: [
                "ExfilWatch",
                "ExfilWatchDelivery",
                "ExfilWatchSynth",
                "CZlib",
                "exfilwatch",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
