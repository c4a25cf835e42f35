import ArgumentParser
import DigestTestSupport
import Foundation
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#endif

/// `digest-bench soak`: the daemon (`digest run`, the binary built beside this one) with a short
/// fetch interval against a local server whose feeds change all the time, asked for a briefing
/// every `brief-every` seconds, for `minutes`. Its resident memory and open file descriptors are
/// sampled from /proc; the first sample (after warm-up) is the baseline the last is compared to.
/// The briefing window and the retention bound what the daemon holds (as a day's window and
/// 30 days' retention do in real use), so growth that remains is a leak, not more data.
struct SoakBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run the daemon against a local server for a while; print its memory and open files, first against last."
    )

    @Option(help: "How long to run, in minutes.") var minutes: Double = 10
    @Option(help: "Feeds served.") var feeds = 20
    @Option(name: .customLong("fetch-every"), help: "The daemon's fetch interval, in seconds.") var fetchEvery = 2
    @Option(name: .customLong("brief-every"), help: "Seconds between briefings asked for with SIGUSR1.") var briefEvery = 30
    @Option(help: "Seconds between samples.") var sample = 30
    @Option(help: "The briefing window: with new items every 10 s, it bounds the articles a briefing reads.") var window = "3m"
    @Option(help: "How long articles are kept: it bounds the database.") var retention = "6m"

    func run() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("digest")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw ValidationError("\(binary.path) is missing: build it first (swift build -c release --product digest)")
        }
        let started = Date()
        // Every feed gains an item every 10 s and keeps its newest 20; ETags follow, so
        // unchanged feeds cost a 304, as on the web.
        let server = try await TestHTTPServer.start { head in
            let generation = Int(Date().timeIntervalSince(started) / 10)
            let tag = "\"g\(generation)\""
            if head.headers["If-None-Match"].first == tag { return .init(status: .notModified, headers: [("ETag", tag)]) }
            return .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", tag)],
                         body: .bytes(Array(Self.feed(path: head.uri, generation: generation).utf8)))
        }
        let bench = try BenchConfig(prefix: "digest-soak", feeds: feeds, server: server, settings: """
        title = "Soak"
        output = "out"
        state = "state"
        retention = "\(retention)"
        [schedule]
        briefings = []
        fetch_every = "\(fetchEvery)s"
        [briefing]
        window = "\(window)"
        keep = 20
        [fetch]
        timeout = "10s"
        concurrency = 8

        """)
        defer { bench.remove() }
        let folder = bench.folder, config = bench.file

        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", "--config", config.path, "--log-level", "warning"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let pid = process.processIdentifier
        print("soak: daemon pid \(pid), \(feeds) feeds every \(fetchEvery) s, a briefing every \(briefEvery) s, \(minutes) min")

        // Warm-up: until the retention period is full, the database and the window still grow;
        // the first rounds and briefings also allocate caches that then stay. Briefings are
        // asked for from the start (they also prune), samples taken only after.
        let warmUp = (Self.seconds(retention) ?? 360) + 10
        print("warming up for \(Int(warmUp)) s (the retention period) before the first sample")
        var samples: [(seconds: Double, rssKB: Int, fds: Int)] = []
        let end = Date().addingTimeInterval(warmUp + minutes * 60)
        var nextBriefing = Date().addingTimeInterval(5)
        var nextSample = Date().addingTimeInterval(warmUp)
        while Date() < end, process.isRunning {
            if Date() >= nextSample {
                let figures = (Date().timeIntervalSince(started), Self.residentKB(pid), Self.openFiles(pid))
                samples.append(figures)
                print(String(format: "  %6.0f s  rss %7.1f MB  fds %3d", figures.0, Double(figures.1) / 1024, figures.2))
                nextSample += Double(sample)
            }
            if Date() >= nextBriefing {
                kill(pid, SIGUSR1)
                nextBriefing += Double(briefEvery)
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        samples.append((Date().timeIntervalSince(started), Self.residentKB(pid), Self.openFiles(pid)))
        let requests = server.paths.count
        kill(pid, SIGTERM)
        process.waitUntilExit()
        await server.stop()
        guard process.terminationStatus == 0, let first = samples.first, let last = samples.last else {
            throw ValidationError("the daemon exited with \(process.terminationStatus)")
        }
        let briefings = ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)) ?? []).filter { $0.hasSuffix(".json") }.count
        print("requests served: \(requests); briefings kept: \(briefings) (keep = 20)")
        print(String(format: "memory: first %.1f MB, last %.1f MB (last/first %.2f); peak sample %.1f MB", Double(first.rssKB) / 1024, Double(last.rssKB) / 1024,
                     Double(last.rssKB) / Double(max(1, first.rssKB)), Double(samples.map(\.rssKB).max() ?? 0) / 1024))
        print("open files: first \(first.fds), last \(last.fds), most \(samples.map(\.fds).max() ?? 0)")
        print(String(format: "RESULT bench=soak minutes=%.1f rss_first_kb=%d rss_last_kb=%d rss_ratio=%.3f fds_first=%d fds_last=%d",
                     minutes, first.rssKB, last.rssKB, Double(last.rssKB) / Double(max(1, first.rssKB)), first.fds, last.fds))
    }

    /// A feed whose newest item is `generation`.
    static func feed(path: String, generation: Int) -> String {
        let outlet = path.split(separator: "/").last.map(String.init) ?? "0"
        let items = (max(0, generation - 19)...generation).reversed().map { number in
            let date = Date().addingTimeInterval(-Double(generation - number) * 10)
            return """
            <item><guid>soak-\(outlet)-\(number)</guid><title>Report \(number) from outlet \(outlet)</title>
            <link>https://soak.example/\(outlet)/\(number)</link><pubDate>\(date.formatted(.iso8601))</pubDate>
            <description>Outlet \(outlet) reports event \(number % 7) in its \(number)th bulletin. Officials in district \(number % 5) said the works would take \(number % 9 + 2) weeks. Residents were told to expect delays on route \(number % 11). A spokesperson gave further details on Tuesday.</description></item>
            """
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Outlet \(outlet)</title><link>https://soak.example/</link>\(items.joined())</channel></rss>"
    }

    /// "6m", "90s", "1h" in seconds.
    static func seconds(_ text: String) -> Double? {
        guard let unit = text.last, let value = Double(text.dropLast()) else { return nil }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3600
        default: return nil
        }
    }

    static func residentKB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    static func openFiles(_ pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
    }
}
