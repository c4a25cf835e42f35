import ArgumentParser
import CLibXML2
import DigestFeeds
import DigestModel
import Foundation

/// `digest-bench parse`: feed parsing speed against the bare libxml2 floor and feedparser-rs.
///
/// Each feed is measured in rounds; in every round our parse and the floor run in turn, then
/// feedparser-rs (in a Python process kept open for the whole run) does the same number of
/// parses. Ratios are taken within a round and the median round is reported, so that the
/// machine's drift between rounds does not favour either side.
struct ParseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Entries per second for our feed parse (to ParsedFeed, content to plain text), the libxml2 floor and feedparser-rs."
    )

    @Argument(help: "Feed files; default: the 500-entry RSS and Atom feeds written by shared/bench/feedcorpus/genfeed.py.")
    var feeds: [String] = []

    @Option(help: "Timed runs per round (the median is taken).")
    var runs = 5

    @Option(help: "Rounds (the median round is reported).")
    var rounds = 7

    @Option(help: "The shared folder with bench/feedcorpus/genfeed.py.")
    var shared = "../shared"

    @Flag(help: "Also time the two halves of our parse: the feed alone, and its entries' HTML to text alone.")
    var stages = false

    @Option(help: "Only run our parse this many times and print nothing else (for a profiler such as `perf record`).")
    var profile: Int?

    func run() throws {
        let files = try feeds.isEmpty ? generatedFeeds() : feeds.map { URL(fileURLWithPath: $0) }
        if let profile {
            for file in files {
                let data = try Data(contentsOf: file)
                for _ in 0..<profile {
                    for entry in try FeedParser().parse(data).entries {
                        _ = HTMLText.paragraphs(fromHTML: entry.contentHTML ?? entry.summaryHTML ?? "")
                    }
                }
            }
            return
        }
        let timing = Timing(runs: runs)
        print("feed".padding(toLength: 16, withPad: " ", startingAt: 0), "entries", "  ours e/s", " floor e/s", " peer e/s", " ours/floor", " peer/ours")
        for file in files {
            let data = try Data(contentsOf: file)
            let parsed = try FeedParser().parse(data)
            let entries = Double(parsed.entries.count)
            let htmls = parsed.entries.compactMap { $0.contentHTML ?? $0.summaryHTML }
            let peer = FeedparserRS(file: file)
            defer { peer?.close() }
            var ours: [Double] = [], floors: [Double] = [], peers: [Double] = []
            for _ in 0..<max(1, rounds) {
                let times = try timing.medians([
                    {
                        let feed = try FeedParser().parse(data)
                        for entry in feed.entries {
                            _ = HTMLText.paragraphs(fromHTML: entry.contentHTML ?? entry.summaryHTML ?? "")
                        }
                    },
                    { Floor.parse(data, htmls: htmls) },
                ])
                ours.append(times[0])
                floors.append(times[1])
                if let seconds = peer?.seconds(runs: runs) { peers.append(seconds) }
            }
            let name = file.deletingPathExtension().lastPathComponent
            let floorRatio = median(zip(ours, floors).map { $0 / $1 })
            let peerRatio = peers.count == ours.count ? median(zip(peers, ours).map { $0 / $1 }) : nil
            let peerRate = peers.isEmpty ? "n/a" : String(format: "%.0f", entries / median(peers))
            print(
                name.padding(toLength: 16, withPad: " ", startingAt: 0),
                String(format: "%7.0f %10.0f %10.0f %9@ %11.2f %10@", entries, entries / median(ours), entries / median(floors),
                       peerRate, floorRatio, peerRatio.map { String(format: "%.2f", $0) } ?? "n/a")
            )
            if stages {
                let parts = try timing.medians([
                    { _ = try FeedParser().parse(data) },
                    { for html in htmls { _ = HTMLText.paragraphs(fromHTML: html) } },
                ])
                let megabytes = Double(htmls.reduce(0) { $0 + $1.utf8.count }) / 1e6
                print(String(format: "  stages: feed parse alone %.2f ms; entries' HTML to text alone %.2f ms (%.0f MB/s)",
                             parts[0] * 1000, parts[1] * 1000, megabytes / parts[1]))
            }
            print("RESULT bench=parse feed=\(name) entries_per_s=\(Int(entries / median(ours))) floor_ratio=\(String(format: "%.2f", floorRatio)) peer_ratio=\(peerRatio.map { String(format: "%.2f", $0) } ?? "n/a")")
        }
        print("CPU time of one thread, median round of \(rounds) × \(runs) runs. floor: xmlReadMemory of the feed plus htmlReadMemory of each")
        print("entry's HTML; ours/floor: our time over the floor's (lower is better). peer: feedparser-rs with its defaults (HTML")
        print("sanitising on), n/a when `python3 -c 'import feedparser_rs'` fails; peer/ours: how many times faster we are.")
    }

    private func generatedFeeds() throws -> [URL] {
        let script = URL(fileURLWithPath: shared).appendingPathComponent("bench/feedcorpus/genfeed.py")
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw ValidationError("\(script.path) not found; pass feed files or --shared")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-bench-parse")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard let python = python3(), runProgram(python, [script.path, folder.path]) != nil else {
            throw ValidationError("python3 \(script.path) failed")
        }
        return ["rss2-500.xml", "atom-500.xml"].map { folder.appendingPathComponent($0) }
    }
}

/// The least any libxml2-based parser must do: build the feed's tree and each entry's HTML tree.
enum Floor {
    static let xmlOptions = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
    static let htmlOptions = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)

    static func parse(_ data: Data, htmls: [String]) {
        data.withUnsafeBytes { buffer in
            let document = xmlReadMemory(buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, nil, xmlOptions)
            xmlFreeDoc(document)
        }
        for html in htmls {
            var html = html
            html.withUTF8 { buffer in
                let base = UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                let document = htmlReadMemory(base, Int32(buffer.count), nil, "UTF-8", htmlOptions)
                xmlFreeDoc(document)
            }
        }
    }
}

/// feedparser-rs timed in a Python process that stays open, when the module is installed.
final class FeedparserRS {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    /// Starts the helper for `file`, or nil when python3 or feedparser_rs is missing.
    init?(file: URL) {
        guard let python = python3(), runProgram(python, ["-c", "import feedparser_rs"]) != nil else { return nil }
        // Reads a run count per line and answers the median CPU seconds of that many parses.
        let helper = """
        import sys, time, feedparser_rs
        data = open(sys.argv[1], 'rb').read()
        feedparser_rs.parse(data)
        for line in sys.stdin:
            samples = []
            for _ in range(int(line)):
                start = time.thread_time(); feedparser_rs.parse(data); samples.append(time.thread_time() - start)
            samples.sort()
            print(samples[len(samples) // 2], flush=True)
        """
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", helper, file.path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
    }

    /// The median CPU seconds of `runs` parses, measured now.
    func seconds(runs: Int) -> Double? {
        input.fileHandleForWriting.write(Data("\(runs)\n".utf8))
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        return Double(String(decoding: line, as: UTF8.self))
    }

    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
