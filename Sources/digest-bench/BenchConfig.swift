import DigestTestSupport
import Foundation

/// A temporary folder with a `digest.toml` subscribing to feeds of a local server (`/feed/0`,
/// `/feed/1`, …), as the benches that run the `digest` binary need it.
struct BenchConfig {
    let folder: URL
    var file: URL { folder.appendingPathComponent("digest.toml") }

    /// Writes `settings` (the config's own lines) followed by the subscriptions.
    init(prefix: String, feeds: Int, server: TestHTTPServer, settings: String) throws {
        try self.init(prefix: prefix, urls: (0..<feeds).map { server.url("/feed/\($0)") }, settings: settings)
    }

    /// The same with the feeds' addresses given.
    init(prefix: String, urls: [URL], settings: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let subscriptions = urls.enumerated().map { "[[feeds]]\nurl = \"\($1)\"\nname = \"Outlet \($0)\"\n" }.joined()
        try (settings + "\n" + subscriptions).write(to: folder.appendingPathComponent("digest.toml"), atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
