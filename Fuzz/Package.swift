// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for digest's parsers: one binary, the target chosen by DIGEST_FUZZ_TARGET.
// Build with -sanitize=fuzzer,address (see README.md); a plain `swift build` cannot link it.
let package = Package(
    name: "digest-fuzz",
    dependencies: [.package(name: "digest", path: "..")],
    targets: [
        .executableTarget(
            name: "digest-fuzz",
            dependencies: [.product(name: "DigestParsers", package: "digest")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
