import ArgumentParser
import DigestTestSupport
import DigestText
import Foundation
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#endif

/// `digest-bench day`: a realistic news day served from a local HTTP server, briefed by
/// `digest once` (the binary built beside this one) as a separate process, at several sizes.
///
/// Articles are made of real news sentences (the DUC 2003 documents in the shared folder). Each
/// synthetic event draws its sentences from one source cluster and carries its own invented
/// names, places and numbers, so events multiply with the number of feeds while the vocabulary
/// stays news-like; event sizes are heavy-tailed (most events 1–3 articles, a few 30 or more);
/// a fifth of the items are wire copies of another outlet's article, lightly edited; a fifth of
/// the feeds carry teasers whose pages hold the article.
struct DayBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "day",
        abstract: "Brief a synthetic news day of N feeds with `digest once`: time, peak memory and cost per article by size."
    )

    @Option(parsing: .upToNextOption, help: "Feed counts to run, smallest first.") var feeds: [Int] = [100, 500, 2000]
    @Option(help: "Items per feed.") var items = 30
    @Option(help: "The shared folder with bench/summary/duc2003.") var shared = "../shared"
    @Option(help: "Seed of the day's random choices.") var seed: UInt64 = 1
    @Flag(help: "Keep each size's folder (config, state, briefing) and print where it is, to profile `digest once --no-fetch` on it.")
    var keep = false

    func run() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("digest")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw ValidationError("\(binary.path) is missing: build it first (swift build -c release --product digest)")
        }
        guard (1...100_000).contains(items), feeds.allSatisfy({ (1...100_000).contains($0) }) else {
            throw ValidationError("--feeds and --items must be between 1 and 100000")
        }
        let corpus = try DayCorpus(folder: URL(fileURLWithPath: shared).appendingPathComponent("bench/summary/duc2003"))
        print("corpus: \(corpus.clusters.count) source clusters, \(corpus.clusters.reduce(0) { $0 + $1.count }) sentences")
        var previousCost: Double?
        for count in feeds.sorted() {
            var random = SplitMix(seed: seed &+ UInt64(count))
            let day = corpus.day(feeds: count, items: items, random: &random)
            // Every outlet on a host of its own, as on the web (127.0.0.1 to 127.0.0.250, all
            // loopback): one host for all would time the per-host politeness limit instead.
            let site = DaySite(day: day)
            let server = try await TestHTTPServer.start(host: "0.0.0.0") { head in site.response(to: head) }
            // Every feed and page made once, before the runs, as a web server serves files: the
            // server shares the machine with `digest`, and making them on each request took a
            // sixth of the time measured.
            site.render(port: server.port)
            let urls = (0..<count).map { URL(string: "http://127.0.0.\(1 + $0 % 250):\(server.port)/feed/\($0)")! }
            let bench = try BenchConfig(prefix: "digest-day", urls: urls, settings: """
            title = "Day"
            output = "out"
            state = "state"
            [briefing]
            window = "24h"
            [fetch]
            concurrency = 16
            allow_private_pages = true

            """)
            defer { if !keep { bench.remove() } }
            let config = bench.file

            let cold = try Self.measure(binary, ["once", "--config", config.path])
            let warm = try Self.measure(binary, ["once", "--config", config.path])
            let briefOnly = try Self.measure(binary, ["once", "--no-fetch", "--config", config.path])
            // The daemon between briefings: its resident size after a fetch round of every feed
            // into a fresh state folder (all items new), once the round is logged as done.
            let daemonConfig = bench.folder.appendingPathComponent("daemon.toml")
            try String(contentsOf: config, encoding: .utf8)
                .replacingOccurrences(of: "state = \"state\"", with: "state = \"daemon-state\"")
                .write(to: daemonConfig, atomically: true, encoding: .utf8)
            let daemon = try Self.residentAfterRound(binary, config: daemonConfig, log: bench.folder.appendingPathComponent("daemon.log"))
            await server.stop()
            let articles = day.articleCount
            let cost = cold.seconds / Double(articles) * 1000
            let growth = previousCost.map { String(format: "%.2f×", cost / $0) } ?? "—"
            print(String(format: "feeds %5d  articles %6d (%d events)  cold %6.2f s  warm %6.2f s  stories+render %6.2f s  fetch ≈ %5.2f s  peak %6.1f MB  %6.0f articles/s  %.3f ms/article (growth %@)",
                         count, articles, day.eventCount, cold.seconds, warm.seconds, briefOnly.seconds, max(0, cold.seconds - briefOnly.seconds),
                         Double(max(cold.peakKB, warm.peakKB, briefOnly.peakKB)) / 1024, Double(articles) / cold.seconds, cost, growth))
            print(String(format: "  CPU time: cold %.2f s, warm %.2f s, --no-fetch %.2f s (of %.2f, %.2f and %.2f s of wall time on %d cores)",
                         cold.cpuSeconds, warm.cpuSeconds, briefOnly.cpuSeconds, cold.seconds, warm.seconds, briefOnly.seconds,
                         ProcessInfo.processInfo.activeProcessorCount))
            print(String(format: "  daemon after a fetch round of %d feeds (%.1f s): resident %.1f MB, peak %.1f MB; its briefing (USR1): peak %.1f MB, resident after %.1f MB",
                         count, daemon.seconds, Double(daemon.residentKB) / 1024, Double(daemon.peakKB) / 1024,
                         Double(daemon.briefingPeakKB) / 1024, Double(daemon.afterBriefingKB) / 1024))
            if cold.status != 0 || warm.status != 0 || briefOnly.status != 0 {
                print("  exit status: cold \(cold.status), warm \(warm.status), no-fetch \(briefOnly.status)")
            }
            print(String(format: "RESULT bench=day feeds=%d articles=%d cold_s=%.2f warm_s=%.2f brief_s=%.2f peak_mb=%.1f ms_per_article=%.3f daemon_rss_mb=%.1f daemon_briefing_peak_mb=%.1f",
                         count, articles, cold.seconds, warm.seconds, briefOnly.seconds,
                         Double(max(cold.peakKB, warm.peakKB, briefOnly.peakKB)) / 1024, cost, Double(daemon.residentKB) / 1024,
                         Double(daemon.briefingPeakKB) / 1024))
            previousCost = cost
            if keep { print("  kept: \(config.path)") }
        }
        for peer in ["newsboat", "r2e"] where Self.onPath(peer) == nil {
            print("\(peer): not found on PATH, not timed")
        }
    }

    struct Measured {
        var seconds: Double
        /// User and system CPU time of the child.
        var cpuSeconds: Double
        var peakKB: Int
        var status: Int32
    }

    /// Runs `binary` with `arguments`, its output discarded; wall time, peak resident memory
    /// (the child's own, from wait4) and exit status.
    static func measure(_ binary: URL, _ arguments: [String]) throws -> Measured {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, binary.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw ValidationError("could not start \(binary.path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // Exit code when it exited, 128 + signal when a signal ended it.
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return Measured(seconds: seconds, cpuSeconds: cpu, peakKB: usage.ru_maxrss, status: code)
    }

    struct Resident {
        var seconds: Double
        var residentKB: Int
        var peakKB: Int
        /// The peak after a briefing, and the resident size once it is done.
        var briefingPeakKB = 0
        var afterBriefingKB = 0
    }

    /// Starts `digest run` on `config` (a fresh state folder: it fetches at once), waits for its
    /// log to say the fetch round is done, reads its resident size from /proc, and stops it.
    static func residentAfterRound(_ binary: URL, config: URL, log: URL) throws -> Resident {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let arguments: [String] = [binary.path, "run", "--config", config.path]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, binary.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw ValidationError("could not start \(binary.path): \(String(cString: strerror(spawned)))") }
        defer {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        var seconds = 0.0
        while true {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.contains("fetch round:") { break }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { throw ValidationError("digest run ended before its fetch round; see \(log.path)") }
            let elapsed = ContinuousClock.now - start
            seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            guard seconds < 600 else { throw ValidationError("digest run: no fetch round after 600 s; see \(log.path)") }
            usleep(100_000)
        }
        // The round's memory is handed back right after the line is logged.
        usleep(500_000)
        func field(_ name: String) -> Int {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") ?? 0
        }
        var resident = Resident(seconds: seconds, residentKB: field("VmRSS"), peakKB: field("VmHWM"))
        // Then a briefing of all of it (USR1): the daemon's own peak, what its unit's memory
        // limits must leave room for, and what it holds afterwards.
        kill(pid, SIGUSR1)
        let asked = ContinuousClock.now
        while !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("briefing written") {
            guard ContinuousClock.now - asked < .seconds(600) else { throw ValidationError("digest run: no briefing 600 s after USR1; see \(log.path)") }
            usleep(100_000)
        }
        usleep(500_000)
        resident.briefingPeakKB = field("VmHWM")
        resident.afterBriefingKB = field("VmRSS")
        return resident
    }

    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A deterministic random number generator (SplitMix64), so a day is the same in every run.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The sentences of the source clusters, and the days made from them.
struct DayCorpus {
    /// Sentences of each source cluster (wire datelines and bylines left out).
    let clusters: [[String]]

    init(folder: URL) throws {
        let splitter = SentenceSplitter()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("d") }.sorted()
        var clusters: [[String]] = []
        for name in names {
            let docs = folder.appendingPathComponent(name).appendingPathComponent("docs")
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: docs.path) else { continue }
            var sentences: [String] = []
            for file in files.sorted() {
                guard let text = try? String(contentsOf: docs.appendingPathComponent(file), encoding: .utf8) else { continue }
                let prose = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.split(separator: " ").count >= 6 }
                for paragraph in prose {
                    sentences += splitter.split(paragraph).filter { (8...60).contains($0.split(separator: " ").count) && !$0.contains("_") }
                }
            }
            if sentences.count >= 20 { clusters.append(sentences) }
        }
        guard !clusters.isEmpty else { throw ValidationError("no DUC 2003 documents under \(folder.path)") }
        self.clusters = clusters
    }

    /// A day of `feeds` feeds with `items` items each.
    func day(feeds: Int, items: Int, random: inout SplitMix) -> Day {
        let total = feeds * items
        let originals = total - total / 5
        var articles: [Day.Article] = []
        var events = 0
        while articles.count < originals {
            events += 1
            // Heavy-tailed sizes: P(size ≥ k) ≈ k^-1.4, capped at 60.
            let u = Double.random(in: 0.0001..<1, using: &random)
            let size = min(60, max(1, Int(pow(u, -1 / 1.4))), originals - articles.count)
            let source = clusters[Int.random(in: 0..<clusters.count, using: &random)]
            let names = (0..<4).map { _ in Self.inventedName(&random) }
            let numbers = (0..<3).map { _ in Int.random(in: 2...980, using: &random) }
            let salt = random.next()
            // Each report of the event picks its own sentences from the whole source cluster
            // (as outlets write their own), all told with the event's names and numbers.
            for _ in 0..<size {
                let count = Int.random(in: 5...10, using: &random)
                let body = (0..<count).map { _ in Self.retold(source[Int.random(in: 0..<source.count, using: &random)], names: names, numbers: numbers, salt: salt) }
                let lead = body[0].split(separator: " ").prefix(9).joined(separator: " ")
                articles.append(Day.Article(title: "\(names[0]): \(lead)", paragraphs: body, event: events))
            }
        }
        // Wire copies: another outlet runs an article again, lightly edited.
        while articles.count < total {
            let original = articles[Int.random(in: 0..<originals, using: &random)]
            var edited = original.paragraphs.map { $0.replacingOccurrences(of: " said ", with: " stated ").replacingOccurrences(of: " says ", with: " states ") }
            if edited.count > 5 { edited.removeLast() }
            articles.append(Day.Article(title: original.title, paragraphs: edited, event: original.event))
        }
        articles.shuffle(using: &random)
        let now = Date()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let dated = articles.enumerated().map { index, article in
            var article = article
            article.id = index
            // Within the last 20 hours.
            article.published = formatter.string(from: now.addingTimeInterval(-Double(Int.random(in: 60...72_000, using: &random))))
            return article
        }
        return Day(feeds: feeds, items: items, articles: dated, eventCount: events)
    }

    /// A name made of syllables: "Varenko", "Lindmoor".
    static func inventedName(_ random: inout SplitMix) -> String {
        let syllables = ["va", "ren", "ko", "lind", "moor", "ta", "sel", "bri", "an", "dor", "mi", "ku", "zan", "pel", "or", "vis", "thal", "ne", "gro", "lus"]
        let count = Int.random(in: 2...3, using: &random)
        let name = (0..<count).map { _ in syllables[Int.random(in: 0..<syllables.count, using: &random)] }.joined()
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// A sentence told of another event: its capitalised words after the first become the
    /// event's names, its numbers the event's numbers, and one in four of its longer words an
    /// invented word of the event's own (chosen by `salt`), so that the events made from one
    /// source cluster's few hundred sentences do not read alike word for word.
    static func retold(_ sentence: String, names: [String], numbers: [Int], salt: UInt64) -> String {
        let words = sentence.split(separator: " ")
        return words.enumerated().map { index, word -> String in
            guard index > 0, let first = word.unicodeScalars.first else { return String(word) }
            let hash = StableWordHash.of(word)
            if CharacterSet.uppercaseLetters.contains(first), word.count > 2, word.dropFirst().allSatisfy(\.isLowercase) {
                return names[Int(hash % UInt64(names.count))]
            }
            if word.allSatisfy(\.isNumber) { return String(numbers[Int(hash % UInt64(numbers.count))]) }
            if word.count >= 6, word.allSatisfy(\.isLowercase), (hash ^ salt) % 4 == 0 {
                var twist = SplitMix(seed: hash ^ salt)
                return inventedName(&twist).lowercased()
            }
            return String(word)
        }.joined(separator: " ")
    }
}

/// FNV-1a over a word's bytes: the same word maps to the same name in every sentence.
enum StableWordHash {
    static func of(_ word: Substring) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in word.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// A day's feeds and pages, rendered once and served from memory.
final class DaySite: @unchecked Sendable {
    let day: Day
    private let lock = NSLock()
    private var feeds: [[UInt8]] = []
    private var pages: [[UInt8]] = []

    init(day: Day) { self.day = day }

    /// Renders every feed (with its outlet's address at `port`) and page.
    func render(port: Int) {
        let feeds = (0..<day.feeds).map { Array(day.feed($0, host: "127.0.0.\(1 + $0 % 250):\(port)").utf8) }
        let pages = day.articles.map { Array(day.page($0).utf8) }
        lock.withLock { (self.feeds, self.pages) = (feeds, pages) }
    }

    func response(to head: HTTPRequestHead) -> TestHTTPServer.Response {
        let (feeds, pages) = lock.withLock { (self.feeds, self.pages) }
        let parts = head.uri.split(separator: "/")
        guard parts.count == 2, let number = Int(parts[1]) else { return .init(status: .notFound) }
        if parts[0] == "page" || parts[0] == "article", pages.indices.contains(number) {
            return .init(headers: [("Content-Type", "text/html; charset=utf-8")], body: .bytes(pages[number]))
        }
        guard parts[0] == "feed", feeds.indices.contains(number) else { return .init(status: .notFound) }
        if head.headers["If-None-Match"].first == Day.tag { return .init(status: .notModified, headers: [("ETag", Day.tag)]) }
        return .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", Day.tag)], body: .bytes(feeds[number]))
    }
}

/// One day's feeds and pages.
struct Day: Sendable {
    struct Article: Sendable {
        var title: String
        var paragraphs: [String]
        var event: Int
        var id = 0
        var published = ""
    }

    let feeds: Int
    let items: Int
    let articles: [Article]
    let eventCount: Int
    var articleCount: Int { articles.count }

    static let tag = "\"day\""

    /// Feed `number`: its items, full text, or teasers with a page link for every fifth feed.
    func feed(_ number: Int, host: String) -> String {
        let teasers = number % 5 == 0
        let own = articles[(number * items)..<min(articles.count, (number + 1) * items)]
        let entries = own.map { article -> String in
            let text = article.paragraphs.map { "<p>\(escape($0))</p>" }.joined()
            let description = teasers ? escape(article.paragraphs[0].split(separator: " ").prefix(25).joined(separator: " ")) : escape(text)
            let link = teasers ? "/page/\(article.id)" : "/article/\(article.id)"
            return """
            <item><guid isPermaLink="false">day-\(article.id)</guid><title>\(escape(article.title))</title>\
            <link>http://\(host)\(link)</link><pubDate>\(article.published)</pubDate>\
            <description>\(description)</description></item>
            """
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Outlet \(number)</title><link>http://\(host)/</link>\(entries.joined())</channel></rss>"
    }

    func page(_ article: Article) -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(escape(article.title))</title></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
        <article><h1>\(escape(article.title))</h1>\(article.paragraphs.map { "<p>\(escape($0))</p>" }.joined())</article>
        <aside><h3>Most read</h3><ul><li><a href="/a">Council approves budget</a></li><li><a href="/b">Storm closes schools</a></li></ul></aside>
        <footer><p>© The Outlet</p></footer></body></html>
        """
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
