// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: digest → DigestService → {Fetch, Store, Feeds, Stories, Render} → {Text, Model}.
let package = Package(
    name: "digest",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "digest", targets: ["digest"]),
        .executable(name: "digest-bench", targets: ["digest-bench"]),
        // The parsers as a library, for the libFuzzer targets in Fuzz/ (a package of its own,
        // built with -sanitize=fuzzer,address).
        .library(name: "DigestParsers", targets: ["DigestFeeds", "DigestText", "DigestService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .target(name: "DigestModel"),
        .target(name: "DigestText", dependencies: ["DigestModel", "CStemmer"]),
        .target(
            name: "DigestFeeds",
            dependencies: ["CLibXML2", "DigestModel", "DigestText"],
            // Dynamic exclusivity checks cost a sixth of the parse (measured with `digest-bench parse`);
            // the mutable state here is confined to one parse on one thread.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .target(name: "DigestStories", dependencies: ["DigestModel", "DigestText"]),
        .target(
            name: "DigestRender",
            dependencies: ["DigestModel", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .target(
            name: "DigestFetch",
            dependencies: [
                "DigestModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(name: "DigestStore", dependencies: ["DigestModel", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "DigestService",
            dependencies: [
                "DigestModel", "DigestText", "DigestFeeds", "DigestStories", "DigestRender", "DigestFetch", "DigestStore",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "digest",
            dependencies: ["DigestService", "DigestStore", "DigestFetch", "DigestStories",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "digest-bench",
            dependencies: [
                "CLibXML2", "DigestFeeds", "DigestFetch", "DigestStories", "DigestText", "DigestTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "DigestTextTests", dependencies: ["DigestText"]),
        .testTarget(name: "DigestFeedsTests", dependencies: ["DigestFeeds", "DigestModel"], exclude: ["Fixtures", "Pages"]),
        .testTarget(name: "DigestStoriesTests", dependencies: ["DigestStories"]),
        .testTarget(name: "DigestStoreTests", dependencies: ["DigestStore"]),
        // A local HTTP server for the tests that fetch; never part of the product.
        .target(
            name: "DigestTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/DigestTestSupport"
        ),
        .testTarget(
            name: "DigestFetchTests",
            dependencies: ["DigestFetch", "DigestTestSupport", .product(name: "NIOHTTP1", package: "swift-nio")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "DigestRenderTests", dependencies: ["DigestRender"], exclude: ["Golden"]),
        .testTarget(
            name: "DigestServiceTests",
            dependencies: ["DigestService", "DigestStore", "DigestFetch", "DigestTestSupport", "digest", "CLibXML2", "DigestFeeds",
                           .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"]
        ),
    ]
)
