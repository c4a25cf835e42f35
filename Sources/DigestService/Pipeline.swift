import DigestFeeds
import DigestFetch
import DigestModel
import DigestRender
import DigestStories
import Foundation

/// The one place the stages meet: fetch and parse every feed, make articles, stories and the
/// briefing, and write it. One feed's failure never stops the others.
public struct Pipeline: Sendable {
    /// The configuration of this run.
    public var config: Config
    /// Brings the feeds.
    public var fetcher: any Fetcher
    /// The templates, loaded and checked.
    public var renderer: BriefingRenderer
    /// Receives one line per problem, for the operator (stderr in the CLI).
    public var report: @Sendable (String) -> Void

    /// Creates a pipeline.
    public init(config: Config, fetcher: any Fetcher, renderer: BriefingRenderer, report: @escaping @Sendable (String) -> Void) {
        self.config = config
        self.fetcher = fetcher
        self.renderer = renderer
        self.report = report
    }

    /// What one run made.
    public struct Outcome: Sendable {
        /// The briefing.
        public var briefing: Briefing
        /// The files written, in the order written; empty when no feed could be read.
        public var written: [URL]
    }

    /// Makes one briefing covering `window` seconds before `now`, written to `output`.
    public func runOnce(now: Date, window: TimeInterval? = nil, output: URL? = nil) async throws(PipelineError) -> Outcome {
        let folder = output ?? config.output
        // An unwritable output folder is found before any fetching starts.
        let writer: OutputWriter
        do { writer = try OutputWriter(folder: folder) } catch { throw .output(error) }

        let results = await readFeeds()
        var health = Health()
        var articles: [Article] = []
        let periodStart = now.addingTimeInterval(-(window ?? config.briefing.window))
        for result in results {
            switch result {
            case .failure(let failure):
                health.failures.append(failure)
                report("feed \(failure.feedName) (\(failure.url)): \(failure.message)")
            case .success(let (source, feed)):
                health.feedsRead += 1
                health.itemsRead += feed.entries.count
                for warning in feed.warnings { report("feed \(source.id) (\(source.url.absoluteString)): recovered from broken XML: \(warning)") }
                let maker = ArticleMaker(source: source, feed: feed)
                // Undated entries are kept: nothing says they are old. The store (a later stage)
                // remembers what was briefed so they are not repeated.
                let fresh = feed.entries.filter { entry in
                    guard let date = entry.published ?? entry.updated else { return true }
                    return date >= periodStart && date <= now.addingTimeInterval(3600)
                }
                health.itemsInWindow += fresh.count
                articles += fresh.map(maker.article)
            }
        }

        let stories = LeadStories(
            sentencesPerStory: config.briefing.sentencesPerStory,
            maxStories: config.briefing.maxStories
        ).stories(from: articles)
        let briefing = Briefing(title: config.title, periodStart: periodStart, periodEnd: now, generatedAt: now, stories: stories, health: health)
        guard health.feedsRead > 0 else { return Outcome(briefing: briefing, written: []) }
        let written = try write(briefing, with: writer)
        return Outcome(briefing: briefing, written: written)
    }

    /// Fetches and parses every feed, in config order, with bounded concurrency.
    private func readFeeds() async -> [Result<(FeedSource, ParsedFeed), FeedFailure>] {
        let feeds = config.feeds
        let limit = max(1, config.fetch.concurrency)
        return await withTaskGroup(of: (Int, Result<(FeedSource, ParsedFeed), FeedFailure>).self) { group in
            var results = [Result<(FeedSource, ParsedFeed), FeedFailure>?](repeating: nil, count: feeds.count)
            var next = 0
            func startNext() {
                guard next < feeds.count else { return }
                let index = next, source = feeds[index]
                next += 1
                group.addTask { (index, await read(source)) }
            }
            for _ in 0..<limit { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                startNext()
            }
            return results.compactMap { $0 }
        }
    }

    private func read(_ source: FeedSource) async -> Result<(FeedSource, ParsedFeed), FeedFailure> {
        let name = source.name.isEmpty ? source.id : source.name
        let location = source.url.isFileURL ? source.url.path : source.url.absoluteString
        func failure(_ message: String) -> Result<(FeedSource, ParsedFeed), FeedFailure> {
            .failure(FeedFailure(feedID: source.id, feedName: name, url: location, message: message))
        }
        let document: FetchedDocument
        do {
            switch try await fetcher.fetch(source.url, validators: .none) {
            case .fetched(let fetched): document = fetched
            case .notModified: return failure("not modified, and nothing stored to brief from")
            }
        } catch {
            return failure(error.description)
        }
        do {
            let feed = try FeedParser().parse(document.body, url: document.finalURL, contentType: document.contentType)
            return .success((source, feed))
        } catch {
            return failure(error.description)
        }
    }

    /// Renders every configured format and writes them; a second briefing on one day gets `-HHMM`.
    private func write(_ briefing: Briefing, with writer: OutputWriter) throws(PipelineError) -> [URL] {
        let context = BriefingContext(briefing, timeZone: config.timeZone)
        let stem = fileStem(for: briefing.generatedAt, writer: writer)
        var written: [URL] = []
        for format in config.briefing.formats {
            do {
                let text = try renderer.render(context, template: format.template)
                written.append(try writer.write(text, as: "\(stem).\(format.rawValue)"))
            } catch let error as TemplateError {
                throw .template(error)
            } catch let error as OutputError {
                throw .output(error)
            } catch {
                throw .output(OutputError(path: writer.folder.path, reason: "\(error)"))
            }
        }
        return written
    }

    private func fileStem(for date: Date, writer: OutputWriter) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = config.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let taken = config.briefing.formats.contains { writer.exists("\(day).\($0.rawValue)") }
        return taken ? day + String(format: "-%02d%02d", parts.hour ?? 0, parts.minute ?? 0) : day
    }
}

/// Why a run could not finish.
public enum PipelineError: Error, CustomStringConvertible {
    /// The output folder or a file in it could not be written.
    case output(OutputError)
    /// A template failed.
    case template(TemplateError)

    public var description: String {
        switch self {
        case .output(let error): error.description
        case .template(let error): error.description
        }
    }
}
