import Foundation

/// Fixture files that sit beside the tests, read from the source tree.
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }
}

/// A UTC instant from its RFC 3339 text, for expectations.
func utc(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
}
