import Foundation
import Testing

/// Runs the built `digest` binary as a user would.
@Suite struct CLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `digest` executable built beside this test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("digest")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func digest(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.repository
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DIGEST_CONFIG")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("digest-cli-\(UUID().uuidString)")
    }

    @Test("`digest once` on the demo config writes a dated Markdown and HTML briefing and prints their paths")
    func onceOnDemo() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try digest(["once", "--config", "Examples/demo.toml", "--output", folder.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let paths = result.stdout.split(separator: "\n").map(String.init)
        #expect(paths.count == 2)
        #expect(paths.allSatisfy { $0.hasPrefix(folder.path + "/") })
        #expect(paths.map { URL(fileURLWithPath: $0).pathExtension } == ["md", "html"])
        let markdown = try String(contentsOfFile: paths[0], encoding: .utf8)
        #expect(markdown.hasPrefix("# Lindenfeld Morning Briefing"))
        #expect(markdown.contains("Council approves budget"))
    }

    @Test("a config with an unknown key exits 78 and names the file, line and key")
    func badConfigExits78() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("digest.toml")
        try "title = \"x\"\n\n[briefing]\nwindw = \"24h\"\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try digest(["once", "--config", config.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("\(config.path):4: briefing.windw: unknown key"))
    }

    @Test("a run where no feed can be read exits 1 and says so")
    func nothingReadExits1() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("digest.toml")
        try "output = \"out\"\n[[feeds]]\nurl = \"nowhere.xml\"\nname = \"Nowhere\"\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try digest(["once", "--config", config.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("feed Nowhere (\(folder.path)/nowhere.xml): no such file"))
    }

    @Test("a bad --since is a usage error (exit 64)")
    func badSince() throws {
        let result = try digest(["once", "--config", "Examples/demo.toml", "--since", "forever"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--since"))
    }

    @Test("`digest inspect feed --json` prints the normalized JSON, with empty --url meaning none")
    func inspectFeed() throws {
        let result = try digest(["inspect", "feed", "Examples/feeds/gazette.xml", "--json", "--url", "", "--content-type", ""])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let feed = json?["feed"] as? [String: Any]
        #expect(feed?["title"] as? String == "Valley Gazette")
        let entries = json?["entries"] as? [[String: Any]]
        #expect(entries?.count == 3)
        #expect(entries?.first?["published"] as? String == "2026-11-21T16:20:00Z")
    }

    @Test("`digest inspect feed` of a file that is not a feed exits non-zero with the file's name")
    func inspectBadFeed() throws {
        let result = try digest(["inspect", "feed", "README.md", "--json"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("README.md"))
    }
}
