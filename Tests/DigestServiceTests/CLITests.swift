import DigestFeeds
import DigestStore
import DigestTestSupport
import Foundation
import Glibc
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

    func digest(_ arguments: [String]) async throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DIGEST_CONFIG")
        return try await Self.capture(Self.binary, arguments, environment: environment)
    }

    /// Runs a program to its end with its output in temporary files. The wait sleeps the task
    /// instead of blocking a thread: the test runner's threads are the ones the other suites'
    /// async code (and their local HTTP servers' clients) run on, and there are two of them here.
    static func capture(_ program: URL, _ arguments: [String], environment: [String: String]? = nil) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("digest-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outFile = scratch.appendingPathComponent("out"), errFile = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = repository
        if let environment { process.environment = environment }
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        await finish(process)
        return Result(status: process.terminationStatus, stdout: try String(contentsOf: outFile, encoding: .utf8),
                      stderr: try String(contentsOf: errFile, encoding: .utf8))
    }

    /// Waits for a process to end without blocking a thread.
    static func finish(_ process: Process) async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        process.waitUntilExit() // reaps it; it has ended
    }

    /// Starts the `digest` binary without waiting for it; output goes to `stderr` or nowhere.
    static func launch(_ arguments: [String], environment: [String: String]? = nil, stderr: FileHandle = .nullDevice) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        try process.run()
        return process
    }

    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("digest-cli-\(UUID().uuidString)")
    }

    @Test("`digest once` on the demo config writes the dated briefing, latest, index and feed, and prints the briefing's paths; list and show read them back")
    func onceOnDemo() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await digest(["once", "--config", "Examples/demo.toml", "--output", folder.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"), "no progress line when not on a terminal")
        let paths = result.stdout.split(separator: "\n").map(String.init)
        #expect(paths.count == 3)
        #expect(paths.allSatisfy { $0.hasPrefix(folder.path + "/") })
        #expect(paths.map { URL(fileURLWithPath: $0).pathExtension } == ["md", "html", "json"])
        let name = URL(fileURLWithPath: paths[0]).deletingPathExtension().lastPathComponent
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(files == ["\(name).md", "\(name).html", "\(name).json", "latest.md", "latest.html", "index.html", "feed.xml"])
        let feed = try FeedParser().parse(Data(contentsOf: folder.appendingPathComponent("feed.xml")), url: nil, contentType: nil)
        #expect(feed.format == .atom10)
        #expect(feed.title == "Lindenfeld Morning Briefing")
        #expect(feed.entries.count == 1)
        #expect(feed.entries.first?.contentHTML?.contains("Council approves budget") == true)

        let list = try await digest(["list", "--output", folder.path])
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix("\(name)  9 stories"), "\(list.stdout)")
        let show = try await digest(["show", "latest", "--output", folder.path])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.hasPrefix("Lindenfeld Morning Briefing\n"))
        #expect(show.stdout.contains("Council approves budget"))
        #expect(!show.stdout.contains("\u{1B}"), "no bold when not on a terminal")
        #expect(show.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 || $0.contains("://") })
        let shownMarkdown = try await digest(["show", name, "--format", "md", "--output", folder.path])
        #expect(shownMarkdown.stdout == (try String(contentsOfFile: paths[0], encoding: .utf8)))
        let byPath = try await digest(["show", paths[1], "--format", "html"])
        #expect(byPath.stdout == (try String(contentsOfFile: paths[1], encoding: .utf8)))
        let missing = try await digest(["show", "1999-01-01", "--output", folder.path])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no briefing \"1999-01-01\""))
        let markdown = try String(contentsOfFile: paths[0], encoding: .utf8)
        #expect(markdown.hasPrefix("# Lindenfeld Morning Briefing"))
        #expect(markdown.contains("Council approves budget"))
        // The Gazette's marathon entry is a teaser; its local page supplies the article.
        #expect(markdown.contains("the last five kilometres follow the river path to Marrow Bridge"))
    }

    @Test("a config with an unknown key exits 78 and names the file, line and key")
    func badConfigExits78() async throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("digest.toml")
        try "title = \"x\"\n\n[briefing]\nwindw = \"24h\"\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try await digest(["once", "--config", config.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("\(config.path):4: briefing.windw: unknown key"))
    }

    @Test("on a terminal, `digest once` shows its progress and `digest show` bold headlines wrapped to the terminal's width")
    func onATerminal() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // util-linux `script` runs a command on a pseudo-terminal and copies what it shows.
        func onTerminal(_ arguments: [String]) async throws -> String {
            let command = ([Self.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            // NO_COLOR (which a test runner may set) would turn bold off.
            return try await Self.capture(URL(fileURLWithPath: "/usr/bin/script"),
                                          ["-q", "-e", "-c", "stty cols 60; exec env -u NO_COLOR " + command, "/dev/null"]).stdout
        }
        let once = try await onTerminal(["once", "--config", "Examples/demo.toml", "--output", folder.path])
        #expect(once.contains("fetching feeds: 4/4"), "\(once)")
        #expect(once.contains("making stories from"))
        #expect(once.contains("\r\u{1B}[K"), "the progress line is cleared before the paths are printed")
        let show = try await onTerminal(["show", "--output", folder.path])
        #expect(show.contains("\u{1B}[1m"))
        let lines = show.replacingOccurrences(of: "\u{1B}[1m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: "").split(separator: "\n")
        #expect(lines.allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).count <= 60 || $0.contains("://") }, "\(lines)")
    }

    @Test("a user template with a syntax error stops `digest once` at start-up: exit 78, its file and line, nothing fetched or written")
    func brokenTemplateAtStartUp() async throws {
        let folder = temporaryFolder()
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# {{title}}\n{{#stories}}\n{{headline}}\n{{/storys}}\n".write(to: templates.appendingPathComponent("briefing.md.mustache"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("digest.toml")
        let feed = Self.repository.appendingPathComponent("Examples/feeds/courier.xml").path
        try "output = \"out\"\nstate = \"state\"\n[briefing]\ntemplates = \"templates\"\n[[feeds]]\nurl = \"\(feed)\"\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try await digest(["once", "--config", config.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("\(templates.path)/briefing.md.mustache:4:"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("state").path))
    }

    @Test("an output folder that cannot be written is an error before any feed is fetched (exit 73)")
    func unwritableOutput() async throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocker = folder.appendingPathComponent("not-a-folder")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("digest.toml")
        try "state = \"state\"\n[[feeds]]\nurl = \"http://127.0.0.1:9/never-fetched.xml\"\nname = \"Never\"\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try await digest(["once", "--config", config.path, "--output", blocker.appendingPathComponent("out").path])
        #expect(result.status == 73)
        #expect(result.stderr.contains(blocker.path))
        #expect(!result.stderr.contains("Never"), "no feed was fetched: \(result.stderr)")
    }

    @Test("a run where no feed can be read exits 1 and says so")
    func nothingReadExits1() async throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("digest.toml")
        try "output = \"out\"\n[[feeds]]\nurl = \"nowhere.xml\"\nname = \"Nowhere\"\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try await digest(["once", "--config", config.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("feed Nowhere (\(folder.path)/nowhere.xml): no such file"))
    }

    @Test("a bad --since is a usage error (exit 64)")
    func badSince() async throws {
        let result = try await digest(["once", "--config", "Examples/demo.toml", "--since", "forever"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--since"))
    }

    @Test("`digest inspect feed --json` prints the normalized JSON, with empty --url meaning none")
    func inspectFeed() async throws {
        let result = try await digest(["inspect", "feed", "Examples/feeds/gazette.xml", "--json", "--url", "", "--content-type", ""])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let feed = json?["feed"] as? [String: Any]
        #expect(feed?["title"] as? String == "Valley Gazette")
        let entries = json?["entries"] as? [[String: Any]]
        #expect(entries?.count == 3)
        #expect(entries?.first?["published"] as? String == "2026-11-21T16:20:00Z")
    }

    @Test("`digest inspect sentences` prints one sentence per line, paragraphs apart")
    func inspectSentences() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-sentences-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try "Mr. Petrak spoke at 6 p.m. on Friday. The U.S. Army\nlistened.\n\nA new paragraph! It ends here.".write(to: file, atomically: true, encoding: .utf8)
        let result = try await digest(["inspect", "sentences", file.path])
        #expect(result.status == 0)
        #expect(result.stdout == "Mr. Petrak spoke at 6 p.m. on Friday.\nThe U.S. Army listened.\nA new paragraph!\nIt ends here.\n")
    }

    @Test("`digest inspect feed` of a file that is not a feed exits non-zero with the file's name")
    func inspectBadFeed() async throws {
        let result = try await digest(["inspect", "feed", "README.md", "--json"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("README.md"))
    }

    @Test("`digest once` over one healthy and five hostile feeds exits 0 in time and memory, naming every failure; a second run revalidates")
    func hostileFeedsFromTheCommandLine() async throws {
        let server = try await TestHTTPServer.start(FetchRoundTests.route)
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("digest.toml")
        let feeds = ["healthy", "error", "huge", "bomb", "drip", "loop-a"].map { "[[feeds]]\nid = \"\($0)\"\nurl = \"\(server.url("/" + $0))\"\n" }
        try ("output = \"out\"\nstate = \"state\"\n[briefing]\nwindow = \"3650d\"\n[fetch]\ntimeout = \"5s\"\n" + feeds.joined())
            .write(to: config, atomically: true, encoding: .utf8)
        let start = ContinuousClock.now
        let first = try await digest(["once", "--config", config.path])
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(first.status == 0, "stderr: \(first.stderr)")
        for failure in ["feed error (", "HTTP 500", "feed huge (", "body over 10 MB", "feed bomb (", "over 10 MB", "feed drip (", "timeout after 5s", "feed loop-a (", "redirect loop"] {
            #expect(first.stderr.contains(failure), "missing \(failure) in \(first.stderr)")
        }
        let briefing = try String(contentsOfFile: try #require(first.stdout.split(separator: "\n").first.map(String.init)), encoding: .utf8)
        #expect(briefing.contains("Water main repaired"))
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        #expect(usage.ru_maxrss < 400 * 1024, "peak resident \(usage.ru_maxrss) KB")

        let before = server.paths.count
        let second = try await digest(["once", "--config", config.path])
        #expect(second.status == 0)
        let revalidation = server.requests.withLock { Array($0[before...]) }
        #expect(revalidation.map(\.uri) == ["/healthy"])
        #expect(revalidation.first?.headers.first(name: "If-None-Match") == "\"v1\"")
        await server.stop()
    }

    @Test("killing `digest once` with SIGKILL mid-run leaves a sound database that the next run uses", arguments: [0.2, 0.6, 1.2])
    func killNine(_ after: Double) async throws {
        let server = try await TestHTTPServer.start(FetchRoundTests.route)
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("digest.toml")
        let feeds = ["healthy", "drip", "old-home"].map { "[[feeds]]\nid = \"\($0)\"\nurl = \"\(server.url("/" + $0))\"\n" }
        try ("output = \"out\"\nstate = \"state\"\n[briefing]\nwindow = \"3650d\"\n[fetch]\ntimeout = \"3s\"\n" + feeds.joined())
            .write(to: config, atomically: true, encoding: .utf8)
        let process = try Self.launch(["once", "--config", config.path])
        try await Task.sleep(for: .seconds(after))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let store = try Store(folder: folder.appendingPathComponent("state"))
        #expect(try store.integrityCheck())
        let next = try await digest(["once", "--config", config.path])
        #expect(next.status == 0, "stderr: \(next.stderr)")
        #expect(try store.integrityCheck())
        await server.stop()
    }
}
