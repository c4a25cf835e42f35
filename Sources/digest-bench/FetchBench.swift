import ArgumentParser
import DigestFetch
import DigestModel
import DigestTestSupport
import Foundation

/// `digest-bench fetch`: fetching many feeds from a local server, against curl doing the same.
struct FetchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Feeds per second and peak memory fetching feeds from a local server, with curl fetching the same URLs as the floor."
    )

    @Option(help: "How many feeds.") var feeds = 200
    @Option(help: "Fetches at once, for us and for curl.") var concurrency = 8
    @Option(help: "Rounds (the median is reported).") var rounds = 5

    func run() async throws {
        let body = Array(Self.feedDocument(entries: 25).utf8)
        let server = try await TestHTTPServer.start { _ in .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", "\"b\"")], body: .bytes(body)) }
        let urls = (0..<feeds).map { server.url("/feed/\($0)") }
        // One host serves every feed here, so the per-host politeness limit is lifted to the overall one.
        let fetcher = HTTPFetcher(options: HTTPFetchOptions(timeout: 30, connectionsPerHost: concurrency))
        var ours: [Double] = [], curls: [Double] = []
        for _ in 0..<max(1, rounds) {
            ours.append(try await Self.time { try await Self.fetchAll(urls, fetcher: fetcher, concurrency: concurrency) })
            if let seconds = try Self.curl(urls, concurrency: concurrency) { curls.append(seconds) }
        }
        await fetcher.shutdown()
        await server.stop()
        let peakMB = Double(Self.peakResidentKB()) / 1024
        let oursRate = Double(feeds) / median(ours)
        print(String(format: "feeds %d, %d at once, %d KB each", feeds, concurrency, body.count / 1024))
        print(String(format: "ours: %.0f feeds/s, peak resident %.1f MB", oursRate, peakMB))
        if curls.isEmpty {
            print("curl: not found")
            print("RESULT bench=fetch feeds_per_s=\(Int(oursRate)) curl_ratio=n/a peak_mb=\(String(format: "%.1f", peakMB))")
        } else {
            let curlRate = Double(feeds) / median(curls)
            print(String(format: "curl: %.0f feeds/s; ours/curl throughput %.2f", curlRate, oursRate / curlRate))
            print("RESULT bench=fetch feeds_per_s=\(Int(oursRate)) curl_ratio=\(String(format: "%.2f", oursRate / curlRate)) peak_mb=\(String(format: "%.1f", peakMB))")
        }
        print("Wall time, median of \(rounds) rounds, same server and URLs; curl runs with --parallel --parallel-max \(concurrency).")
    }

    static func fetchAll(_ urls: [URL], fetcher: HTTPFetcher, concurrency: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func start() {
                guard next < urls.count else { return }
                let url = urls[next]
                next += 1
                group.addTask {
                    guard case .fetched = try await fetcher.fetch(url, validators: .none) else { throw FetchError.httpStatus(304) }
                }
            }
            for _ in 0..<concurrency { start() }
            while try await group.next() != nil { start() }
        }
    }

    static func time(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        return (ContinuousClock.now - start).inSeconds
    }

    /// The wall time of curl fetching every URL, or nil without curl.
    static func curl(_ urls: [URL], concurrency: Int) throws -> Double? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/curl" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { return nil }
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("digest-bench-curl.txt")
        try urls.map { "url = \"\($0.absoluteString)\"\noutput = \"/dev/null\"" }.joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.standardError = FileHandle.nullDevice
        process.arguments = ["--silent", "--no-progress-meter", "--parallel", "--parallel-max", String(concurrency), "--config", list.path]
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        return (ContinuousClock.now - start).inSeconds
    }

    static func peakResidentKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    static func feedDocument(entries: Int) -> String {
        let items = (0..<entries).map { index in
            "<item><title>Story \(index)</title><link>http://bench.example/\(index)</link><guid>\(index)</guid>"
                + "<description>" + String(repeating: "Words of a news story, repeated to a realistic length. ", count: 20) + "</description></item>"
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bench</title>" + items.joined() + "</channel></rss>"
    }
}
