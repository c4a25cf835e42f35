import ArgumentParser
import CLibXML2
import DigestFeeds
import Foundation

/// `digest-bench extract`: article extraction speed against the bare libxml2 HTML parse.
///
/// In every round our extraction of all pages and the floor (`htmlReadMemory` alone on the same
/// bytes, then freeing the tree) run in turn on one thread; the ratio is taken within a round
/// and the median round is reported.
struct ExtractBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Pages per second for our article extraction and for libxml2's bare HTML parse of the same pages."
    )

    @Argument(help: "HTML files; default: the Readability test pages under shared/bench/extract/readability/html.")
    var pages: [String] = []

    @Option(help: "Timed runs per round (the median is taken).")
    var runs = 1

    @Option(help: "Rounds (the median round is reported).")
    var rounds = 5

    @Option(help: "The shared folder with bench/extract.")
    var shared = "../shared"

    @Option(help: "Only run our extraction over the pages this many times and print nothing else (for `perf record`).")
    var profile: Int?

    func run() throws {
        let files = try pages.isEmpty ? defaultPages() : pages.map { URL(fileURLWithPath: $0) }
        let documents = try files.map { try Data(contentsOf: $0) }
        guard !documents.isEmpty else { throw ValidationError("no pages to measure") }
        let extractor = ArticleExtractor()
        let extractAll = {
            for data in documents { _ = try? extractor.extract(data) }
        }
        if let profile {
            for _ in 0..<profile { extractAll() }
            return
        }
        let timing = Timing(runs: runs)
        var ours: [Double] = [], floors: [Double] = []
        for _ in 0..<max(1, rounds) {
            let times = try timing.medians([extractAll, { for data in documents { Self.floor(data) } }])
            ours.append(times[0])
            floors.append(times[1])
        }
        let count = Double(documents.count)
        let megabytes = Double(documents.reduce(0) { $0 + $1.count }) / 1e6
        let ratio = median(zip(ours, floors).map { $0 / $1 })
        print(String(format: "%d pages, %.1f MB", documents.count, megabytes))
        print(String(format: "ours   %8.0f pages/s  %6.1f MB/s", count / median(ours), megabytes / median(ours)))
        print(String(format: "floor  %8.0f pages/s  %6.1f MB/s   (htmlReadMemory alone)", count / median(floors), megabytes / median(floors)))
        print(String(format: "ours/floor %.2f (lower is better)", ratio))
        print("CPU time of one thread, median round of \(rounds) × \(runs) runs.")
        print("RESULT bench=extract pages_per_s=\(Int(count / median(ours))) floor_ratio=\(String(format: "%.2f", ratio))")
    }

    /// The least any libxml2-based extractor must do: build the page's tree and free it.
    static func floor(_ data: Data) {
        data.withUnsafeBytes { buffer in
            let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            // Told to ignore `<meta charset>`, libxml2 reads the bytes as UTF-8 without converting them
            // (the cheapest way it parses); switching encodings would only slow the floor.
            let document = htmlReadMemory(base, Int32(buffer.count), nil, nil, Floor.htmlOptions | Int32(HTML_PARSE_IGNORE_ENC.rawValue))
            xmlFreeDoc(document)
        }
    }

    private func defaultPages() throws -> [URL] {
        let folder = URL(fileURLWithPath: shared).appendingPathComponent("bench/extract/readability/html")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw ValidationError("\(folder.path) not found; pass HTML files or --shared")
        }
        return names.filter { $0.hasSuffix(".html") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
