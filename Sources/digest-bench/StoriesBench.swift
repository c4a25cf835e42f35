import ArgumentParser
import DigestStories
import DigestText
import Foundation

/// `digest-bench stories`: summarising the DUC 2003 clusters, and folding copies and clustering
/// synthetic collections of growing size.
///
/// Summaries are timed against a floor measured in the same rounds: splitting the cluster's
/// paragraphs into sentences and stemming their words, which any extractive summariser does
/// first. Copies and stories are timed against exact deduplication (hashing each normalised
/// text) of the same articles; the growth from one size to the next shows whether the cost
/// stays near-linear.
struct StoriesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "Summaries of the DUC 2003 clusters per second, and copy detection and clustering at 1k, 10k and 100k articles."
    )

    @Option(help: "The shared folder with bench/summary/duc2003.")
    var shared = "../shared"

    @Option(parsing: .upToNextOption, help: "Synthetic collection sizes.")
    var sizes: [Int] = [1000, 10_000, 100_000]

    @Option(help: "Rounds for the summary timing (the median round is reported).")
    var rounds = 5

    func run() throws {
        try summaries()
        try grouping()
    }

    private func summaries() throws {
        let root = URL(fileURLWithPath: shared).appendingPathComponent("bench/summary/duc2003")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else {
            throw ValidationError("\(root.path) not found; pass --shared")
        }
        let clusters: [[[String]]] = names.sorted().compactMap { name in
            let docs = root.appendingPathComponent(name).appendingPathComponent("docs")
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: docs.path) else { return nil }
            return files.sorted().compactMap { file in
                (try? String(contentsOf: docs.appendingPathComponent(file), encoding: .utf8))?
                    .split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
            }
        }
        guard !clusters.isEmpty else { throw ValidationError("no DUC clusters under \(root.path)") }
        let splitter = SentenceSplitter()
        let sentences = clusters.reduce(0) { total, cluster in total + cluster.reduce(0) { $0 + $1.reduce(0) { $0 + splitter.split($1).count } } }
        let summarizer = Summarizer(words: 100, maxSentences: 12)
        let vectorizer = TermVectorizer(language: "en")
        // Wall time: the summariser reads a cluster's articles on every core.
        let clock = ContinuousClock()
        var ours: [Double] = [], floors: [Double] = []
        for round in 0...max(1, rounds) {
            let our = clock.measure { for cluster in clusters { _ = summarizer.summarize(cluster) } }.inSeconds
            let floor = clock.measure {
                for cluster in clusters { for article in cluster { for paragraph in article { for sentence in splitter.split(paragraph) { _ = vectorizer.terms(sentence) } } } }
            }.inSeconds
            // The first round warms up.
            if round > 0 {
                ours.append(our)
                floors.append(floor)
            }
        }
        let seconds = median(ours)
        let ratio = median(zip(ours, floors).map { $0 / $1 })
        print(String(format: "DUC 2003: %d clusters, %d sentences: %.2f ms per cluster, %.0f clusters/s, %.0f sentences/s; ours/floor %.2f",
                     clusters.count, sentences, seconds * 1000 / Double(clusters.count), Double(clusters.count) / seconds,
                     Double(sentences) / seconds, ratio))
        print("  wall time; floor: splitting the clusters' paragraphs into sentences and stemming their words on one core, in the same rounds.")
        print(String(format: "RESULT bench=stories part=summary ms_per_cluster=%.2f clusters_per_s=%.0f sentences_per_s=%.0f floor_ratio=%.2f",
                     seconds * 1000 / Double(clusters.count), Double(clusters.count) / seconds, Double(sentences) / seconds, ratio))
    }

    private func grouping() throws {
        var previous: (count: Int, seconds: Double)?
        for size in sizes.sorted() {
            var generator = SyntheticNews(seed: 7)
            let documents = generator.documents(size)
            let clock = ContinuousClock()
            var groups: (copy: [Int], story: [Int]) = ([], [])
            let grouped = clock.measure { groups = StoryGrouping.assign(documents, language: "en") }
            let exact = clock.measure {
                var seen = Set<Int>()
                for document in documents { seen.insert(([document.title] + document.paragraphs).joined(separator: "\n").lowercased().hashValue) }
            }
            let seconds = grouped.inSeconds
            let growth = previous.map { String(format: "%.1f× the time for %.0f× the articles", seconds / $0.seconds, Double(size) / Double($0.count)) } ?? "-"
            let stories = Set(groups.story).count, copies = size - Set(groups.copy).count
            print(String(format: "%7d articles: %.2f s, %.0f docs/s (exact dedupe alone %.0f docs/s, ratio %.1f), %d copies folded, %d stories, peak %.0f MB; growth %@",
                         size, seconds, Double(size) / seconds, Double(size) / exact.inSeconds, seconds / exact.inSeconds, copies, stories,
                         peakMegabytes(), growth))
            print(String(format: "RESULT bench=stories part=grouping articles=%d seconds=%.2f docs_per_s=%.0f peak_mb=%.0f exact_ratio=%.1f",
                         size, seconds, Double(size) / seconds, peakMegabytes(), seconds / exact.inSeconds))
            previous = (size, seconds)
        }
        print("Wall time (the per-article work runs on every core); peak: the process's maximum resident set so far.")
    }

    private func peakMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

extension Duration {
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Invented news for scale tests, the same for a given seed: stories of a few articles each,
/// with their own names, numbers and words over a Zipf-distributed common vocabulary, spread
/// over thirty days; a fifth of the articles are lightly edited copies of another.
struct SyntheticNews {
    private var state: UInt64
    private let common: [String]
    private let cumulative: [Double]

    init(seed: UInt64) {
        state = seed
        let syllables = ["ka", "lo", "mi", "ren", "tas", "vo", "der", "ul", "pa", "si", "nor", "te", "bra", "gin", "os", "fel"]
        var words: [String] = []
        for a in syllables { for b in syllables { for c in ["", "n", "s", "ta", "ri"] { words.append(a + b + c) } } }
        common = words
        var total = 0.0
        cumulative = words.indices.map { rank in
            total += 1 / Double(rank + 1)
            return total
        }
    }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    private mutating func commonWord() -> String {
        let target = unit() * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return common[low]
    }

    mutating func documents(_ count: Int) -> [StoryGrouping.Document] {
        var documents: [StoryGrouping.Document] = []
        documents.reserveCapacity(count)
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var storyIndex = 0
        while documents.count < count {
            storyIndex += 1
            let names = (0..<4).map { "Zor\($0)x\(storyIndex)" }
            let words = (0..<6).map { "qu\($0)v\(storyIndex)" } + ["\(storyIndex % 997 + 3)", "\(storyIndex * 7 % 1000)"]
            let vocabulary = names + words
            let time = start.addingTimeInterval(unit() * 30 * 86_400)
            let size = 1 + Int(unit() * 6)
            var story: [StoryGrouping.Document] = []
            for _ in 0..<size where documents.count + story.count < count {
                if let original = story.last, unit() < 0.2 {
                    // A copy: the same text with one word in twenty replaced.
                    let paragraphs = original.paragraphs.map { paragraph in
                        paragraph.split(separator: " ").map { unit() < 0.05 ? commonWord() : String($0) }.joined(separator: " ")
                    }
                    story.append(.init(title: original.title, paragraphs: paragraphs, published: original.published?.addingTimeInterval(600)))
                    continue
                }
                let title = (0..<6).map { $0 < 3 ? vocabulary[Int(unit() * Double(vocabulary.count))] : commonWord() }.joined(separator: " ")
                let paragraphs = (0..<8).map { _ in
                    (0..<15).map { _ in unit() < 0.3 ? vocabulary[Int(unit() * Double(vocabulary.count))] : commonWord() }.joined(separator: " ") + "."
                }
                story.append(.init(title: title, paragraphs: paragraphs, published: time.addingTimeInterval(unit() * 12 * 3600)))
            }
            documents += story
        }
        return documents
    }
}
