import ArgumentParser
import DigestService
import DigestStories
import Foundation

/// `digest inspect`: one stage on its own, for debugging and for outside benchmarks.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one stage of the pipeline on its own.",
        subcommands: [InspectFeed.self, InspectPage.self, InspectSentences.self, InspectSummary.self, InspectClusters.self, InspectRules.self]
    )
}

/// Prints why an inspected document could not be read; the exit code for it (65, EX_DATAERR).
private func unreadable(_ error: InspectError) -> ExitCode {
    Output.error("digest: \(error)")
    return ExitCode(Commands.Status.dataError.rawValue)
}

/// `digest inspect feed FILE|URL --json`.
struct InspectFeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Parse one feed and print it as normalized JSON."
    )

    @Argument(help: "A feed file or URL.")
    var location: String

    @Flag(name: .long, help: "Print JSON (the only format so far).")
    var json = false

    @Option(name: .long, help: "The document's URL, the base for relative links; empty means not given.")
    var url: String?

    @Option(name: .customLong("content-type"), help: "The HTTP Content-Type header; its charset counts. Empty means not given.")
    var contentType: String?

    func run() async throws {
        switch await Commands.inspectFeed(location, url: url, contentType: contentType) {
        case .success(let json): print(json)
        case .failure(let error):
            throw unreadable(error)
        }
    }
}

/// `digest inspect page FILE|URL --text|--json`.
struct InspectPage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "page",
        abstract: "Extract the article from a web page and print its text (or JSON with its metadata)."
    )

    @Argument(help: "An HTML file or URL.")
    var location: String

    @Flag(name: .long, help: "Print the text, paragraphs separated by blank lines (the default).")
    var text = false

    @Flag(name: .long, help: "Print JSON: title, byline, date, language, canonical URL, paragraphs.")
    var json = false

    @Option(name: .long, help: "The page's URL, the base for relative links; empty means not given.")
    var url: String?

    @Option(name: .customLong("content-type"), help: "The HTTP Content-Type header; its charset counts. Empty means not given.")
    var contentType: String?

    func validate() throws {
        if text && json { throw ValidationError("Choose one of --text and --json.") }
    }

    func run() async throws {
        switch await Commands.inspectPage(location, url: url, contentType: contentType, json: json) {
        case .success(let output): print(output)
        case .failure(let error):
            throw unreadable(error)
        }
    }
}

/// `digest inspect sentences [FILE]`: one sentence per line.
struct InspectSentences: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentences",
        abstract: "Split a text into sentences, one per line (standard input when no file is given)."
    )

    @Argument(help: "A UTF-8 text file.")
    var file: String?

    func run() throws {
        let data: Data
        if let file {
            switch LocalFile.read(file) {
            case .success(let contents): data = contents
            case .failure(let failure):
                Output.error("digest: \(file): \(failure)")
                throw ExitCode(Commands.Status.dataError.rawValue)
            }
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        for sentence in Commands.sentences(of: String(decoding: data, as: UTF8.self)) { print(sentence) }
    }
}

/// `digest inspect summary DIR --words N`.
struct InspectSummary: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Summarise the .txt files of a folder as one story (each line a paragraph); one sentence per line."
    )

    @Argument(help: "A folder of .txt articles.")
    var folder: String

    @Option(help: "The word budget.")
    var words = 100

    @Option(name: .customLong("lead-prior"), help: ArgumentHelp("How strongly the ranking favours each article's first sentences (0: plain LexRank).", visibility: .hidden))
    var leadPrior = Summarizer.defaultLeadPrior

    @Option(help: ArgumentHelp("MMR's balance of centrality (1) and novelty (0).", visibility: .hidden))
    var lambda = Summarizer.defaultLambda

    func run() throws {
        switch Commands.summary(folder: folder, words: words, leadPrior: leadPrior, lambda: lambda) {
        case .success(let sentences): for sentence in sentences { print(sentence) }
        case .failure(let error):
            throw unreadable(error)
        }
    }
}

/// `digest inspect clusters DIR --json [--level copies|stories]`.
struct InspectClusters: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusters",
        abstract: "Group the .txt files of a folder into copies and stories; print {\"name\": \"cluster-id\"} as JSON."
    )

    enum Level: String, ExpressibleByArgument, CaseIterable {
        case copies, stories
    }

    @Argument(help: "A folder of .txt articles (the first line of each is its title).")
    var folder: String

    @Flag(name: .long, help: "Print JSON (the only format).")
    var json = false

    @Option(help: "copies: copies of one article share an id; stories: articles of one event do (copies included).")
    var level: Level = .stories

    @Option(help: ArgumentHelp("Average similarity at which two stories merge.", visibility: .hidden))
    var threshold = StoryClusterer.defaultThreshold

    @Option(help: ArgumentHelp("Least similarity of every pair in a story.", visibility: .hidden))
    var floor = StoryClusterer.defaultFloor

    @Option(name: .customLong("lead-words"), help: ArgumentHelp("Words of each article's lead compared.", visibility: .hidden))
    var leadWords = StoryGrouping.leadWords

    func run() throws {
        switch Commands.clusters(folder: folder, copiesOnly: level == .copies, threshold: threshold, floor: floor, leadWords: leadWords) {
        case .success(let output): print(output)
        case .failure(let error):
            throw unreadable(error)
        }
    }
}

/// `digest inspect rules [--config F] [--day 2026-11-22]`.
struct InspectRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the stored articles each mute or boost rule of the config hits."
    )

    @Option(name: .long, help: "The config file (default: as for `digest once`).")
    var config: String?

    @Option(name: .long, help: "A day (2026-11-22, in the config's time zone) instead of the briefing window before now.")
    var day: String?

    func run() throws {
        let status = Commands.inspectRules(configPath: config, day: day, out: { print($0) }, err: { Output.error($0) })
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
