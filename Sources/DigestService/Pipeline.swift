import DigestFeeds
import DigestFetch
import DigestModel
import DigestRender
import DigestStore
import DigestStories
import Foundation

/// The one place the stages meet: fetch and parse every feed that is due, remember what was
/// read, then make the briefing from the store and write it. One feed's failure never stops
/// the others.
public struct Pipeline: Sendable {
    /// The configuration of this run.
    public var config: Config
    /// Brings the feeds.
    public var fetcher: any Fetcher
    /// What was read before, and the feeds' fetch state.
    public var store: Store
    /// The templates, loaded and checked.
    public var renderer: BriefingRenderer
    /// Receives one line per problem, for the operator (stderr in the CLI).
    public var report: @Sendable (String) -> Void
    /// When feeds may be fetched again after failures.
    public var policy = FetchPolicy()

    /// Creates a pipeline.
    public init(config: Config, fetcher: any Fetcher, store: Store, renderer: BriefingRenderer, report: @escaping @Sendable (String) -> Void) {
        self.config = config
        self.fetcher = fetcher
        self.store = store
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

    /// Makes one briefing covering `window` seconds before `now`, written to `output`. With
    /// `fetch` off, it briefs from what the store already holds.
    public func runOnce(now: Date, window: TimeInterval? = nil, output: URL? = nil, fetch: Bool = true) async throws(PipelineError) -> Outcome {
        let folder = output ?? config.output
        // An unwritable output folder is found before any fetching starts.
        let writer: OutputWriter
        do { writer = try OutputWriter(folder: folder) } catch { throw .output(error) }

        var health = Health()
        if fetch {
            let round = FeedRound(feeds: config.feeds, fetcher: fetcher, store: store, policy: policy,
                                  concurrency: config.fetch.concurrency, maxBytes: config.fetch.maxBytes, report: report)
            for (_, outcome) in await round.run(now: now) {
                switch outcome {
                case .failed(let failure):
                    health.failures.append(failure)
                    report("feed \(failure.feedName) (\(failure.url)): \(failure.message)")
                case .fetched(let entries, let saved):
                    health.feedsRead += 1
                    health.itemsRead += entries
                    health.duplicatesFolded += saved.duplicates
                case .notModified, .notDue:
                    health.feedsRead += 1
                }
            }
        } else {
            health.feedsRead = config.feeds.count
        }
        do {
            try store.pruneArticles(olderThan: now.addingTimeInterval(-config.retention))
            try store.prunePages(olderThan: now.addingTimeInterval(-config.retention))
        } catch {
            report("state database: cannot delete old articles: \(error)")
        }

        let periodStart = now.addingTimeInterval(-(window ?? config.briefing.window))
        let articles: [Article]
        do {
            // An hour of slack for clocks that run ahead.
            articles = try store.articles(in: periodStart...now.addingTimeInterval(3600), feeds: Set(config.feeds.map(\.id)))
        } catch {
            throw .store("\(error)")
        }
        health.itemsInWindow = articles.count
        var briefed: Set<String> = []
        if config.briefing.skipBriefed {
            do { briefed = try store.briefedArticleIDs() } catch { report("state database: cannot read earlier briefings: \(error)") }
        }
        let built = StoryBuilder(
            maxStories: config.briefing.maxStories, sentencesPerStory: config.briefing.sentencesPerStory,
            wordsPerStory: config.briefing.wordsPerStory, window: config.briefing.storyWindow,
            weights: Dictionary(config.feeds.map { ($0.id, $0.weight) }, uniquingKeysWith: { first, _ in first })
        ).build(articles, now: now, briefed: briefed)
        let stories = built.stories
        health.duplicatesFolded += built.copiesFolded
        let briefing = Briefing(title: config.title, periodStart: periodStart, periodEnd: now, generatedAt: now, stories: stories, health: health)
        guard health.feedsRead > 0 else { return Outcome(briefing: briefing, written: []) }
        let written = try write(briefing, with: writer)
        do {
            try store.recordBriefing(name: written.first?.deletingPathExtension().lastPathComponent ?? "", at: now,
                                     storyCount: stories.count, articleIDs: stories.flatMap { $0.articles.map(\.id) })
        } catch {
            report("state database: cannot record the briefing: \(error)")
        }
        return Outcome(briefing: briefing, written: written)
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
    /// The state database failed.
    case store(String)

    public var description: String {
        switch self {
        case .output(let error): error.description
        case .template(let error): error.description
        case .store(let message): "state database: \(message)"
        }
    }
}
