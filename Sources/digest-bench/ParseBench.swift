import ArgumentParser
import CLibXML2
import DigestFeeds
import DigestModel
import Foundation

/// `digest-bench parse`: feed parsing speed against the bare libxml2 floor and feedparser-rs.
struct ParseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Entries per second for our feed parse (to ParsedFeed, content to plain text), the libxml2 floor and feedparser-rs."
    )

    @Argument(help: "Feed files; default: the 500-entry RSS and Atom feeds written by shared/bench/feedcorpus/genfeed.py.")
    var feeds: [String] = []

    @Option(help: "Timed runs per measurement (the median is reported).")
    var runs = 7

    @Option(help: "The shared folder with bench/feedcorpus/genfeed.py.")
    var shared = "../shared"

    @Flag(help: "Also time the two halves of our parse: the feed alone, and its entries' HTML to text alone.")
    var stages = false

    func run() throws {
        let files = try feeds.isEmpty ? generatedFeeds() : feeds.map { URL(fileURLWithPath: $0) }
        let timing = Timing(runs: runs)
        let peer = FeedparserRS()
        print("feed".padding(toLength: 16, withPad: " ", startingAt: 0), "entries", "  ours e/s", " floor e/s", " peer e/s", " ours/floor", " peer/ours")
        for file in files {
            let data = try Data(contentsOf: file)
            let parsed = try FeedParser().parse(data)
            let entries = parsed.entries.count
            let htmls = parsed.entries.compactMap { $0.contentHTML ?? $0.summaryHTML }

            let times = try timing.medians([
                {
                    let feed = try FeedParser().parse(data)
                    for entry in feed.entries {
                        _ = HTMLText.paragraphs(fromHTML: entry.contentHTML ?? entry.summaryHTML ?? "")
                    }
                },
                { Floor.parse(data, htmls: htmls) },
            ])
            let (ours, floor) = (times[0], times[1])
            let peerSeconds = peer.map { $0.seconds(file: file, runs: runs) } ?? nil

            let name = file.deletingPathExtension().lastPathComponent
            if stages {
                let parts = try timing.medians([
                    { _ = try FeedParser().parse(data) },
                    { for html in htmls { _ = HTMLText.paragraphs(fromHTML: html) } },
                ])
                print(String(format: "%@: feed parse alone %.2f ms, entries' HTML to text alone %.2f ms (%.0f MB/s)",
                             name, parts[0] * 1000, parts[1] * 1000, Double(htmls.reduce(0) { $0 + $1.utf8.count }) / parts[1] / 1e6))
            }
            let rate = { (seconds: Double) in Double(entries) / seconds }
            let floorRatio = ours / floor
            let peerRatio = peerSeconds.map { $0 / ours }
            print(
                name.padding(toLength: 16, withPad: " ", startingAt: 0),
                String(format: "%7d %10.0f %10.0f %9@ %11.2f %10@", entries, rate(ours), rate(floor),
                       peerSeconds.map { String(format: "%.0f", rate($0)) } ?? "n/a",
                       floorRatio, peerRatio.map { String(format: "%.2f", $0) } ?? "n/a")
            )
            print("RESULT bench=parse feed=\(name) entries_per_s=\(Int(rate(ours))) floor_ratio=\(String(format: "%.2f", floorRatio)) peer_ratio=\(peerRatio.map { String(format: "%.2f", $0) } ?? "n/a")")
        }
        print("floor: xmlReadMemory of the feed plus htmlReadMemory of each entry's HTML; ours/floor is our time over the floor's (lower is better);")
        print("peer: feedparser-rs in-process (n/a when `python3 -c 'import feedparser_rs'` fails); peer/ours is how many times faster we are.")
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

/// feedparser-rs timed in-process by a small Python helper, when the module is installed.
struct FeedparserRS {
    let python: String

    init?() {
        guard let python = python3(), runProgram(python, ["-c", "import feedparser_rs"]) != nil else { return nil }
        self.python = python
    }

    /// The median CPU seconds of `feedparser_rs.parse` on the file's bytes (its default, HTML
    /// sanitising on), measured as our own runs are.
    func seconds(file: URL, runs: Int) -> Double? {
        let helper = """
        import sys, time, feedparser_rs
        data = open(sys.argv[1], 'rb').read()
        feedparser_rs.parse(data)
        samples = []
        for _ in range(int(sys.argv[2])):
            start = time.thread_time(); feedparser_rs.parse(data); samples.append(time.thread_time() - start)
        samples.sort()
        print(samples[len(samples) // 2])
        """
        return runProgram(python, ["-c", helper, file.path, String(runs)]).flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
