// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "exfilwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "exfilwatch", targets: ["exfilwatch"]),
        .library(name: "ExfilWatch", targets: ["ExfilWatch"]),
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
        .executableTarget(
            name: "exfilwatch",
            dependencies: [
                "ExfilWatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ExfilWatchTests",
            dependencies: ["ExfilWatch"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
