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
    /// Receives what the run is doing, for a progress line on a terminal.
    public var progress: @Sendable (Progress) -> Void = { _ in }

    /// A step of a run.
    public enum Progress: Sendable, Equatable {
        /// `done` of `total` feeds fetched.
        case fetched(done: Int, total: Int)
        /// Stories are being made from this many articles.
        case grouping(articles: Int)
        /// The files are being written.
        case writing(stories: Int)
    }

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
        /// The briefing's own files (`NAME.md`, `.html`, `.json`); empty when no feed could be read.
        public var written: [URL]
        /// Every file written, in order: the briefing's, `latest.*`, `index.html`, `feed.xml`.
        public var allWritten: [URL] = []
    }

    /// One fetch round: every feed that is due is fetched, parsed and stored; returns the
    /// counts and failures (each failure is also reported).
    public func fetchFeeds(now: Date) async -> Health {
        var health = Health()
        let total = config.feeds.count, progress = progress
        progress(.fetched(done: 0, total: total))
        var round = FeedRound(feeds: config.feeds, fetcher: fetcher, store: store, policy: policy,
                              concurrency: config.fetch.concurrency, maxBytes: config.fetch.maxBytes, report: report)
        round.allowPrivatePages = config.fetch.allowPrivatePages
        round.deadline = config.fetch.roundDeadline
        round.timeout = config.fetch.timeout
        round.onFeedDone = { progress(.fetched(done: $0, total: total)) }
        for (source, outcome) in await round.run(now: now) {
            switch outcome {
            case .failed(let failure):
                health.failures.append(failure)
                report("feed \(failure.feedName) (\(failure.url)): \(failure.message)")
            case .fetched(let entries, let saved):
                health.feedsRead += 1
                health.itemsRead += entries
                health.duplicatesFolded += saved.duplicates
            case .notModified:
                health.feedsRead += 1
            case .notDue(let until):
                // A feed waiting out its backoff is still a failing feed: the briefing says so.
                if let state = try? store.feedState(id: source.id, configuredURL: source.url), let error = state.lastError {
                    health.failures.append(FeedFailure(feedID: source.id, feedName: source.name.isEmpty ? source.id : source.name,
                                                       url: FeedRound.display(state.url),
                                                       message: "\(error) (next try \(until.ISO8601Format()))"))
                } else {
                    health.feedsRead += 1
                }
            }
        }
        return health
    }

    /// Makes one briefing covering `window` seconds before `now`, written to `output`. With
    /// `fetch` off, it briefs from what the store already holds; `carried` are the counts of
    /// fetch rounds since the last briefing (the daemon's).
    public func runOnce(now: Date, window: TimeInterval? = nil, output: URL? = nil, fetch: Bool = true,
                        carried: Health? = nil) async throws(PipelineError) -> Outcome {
        let folder = output ?? config.output
        // An unwritable output folder is found before any fetching starts.
        let writer: OutputWriter
        do { writer = try OutputWriter(folder: folder) } catch { throw .output(error) }

        var health = fetch ? await fetchFeeds(now: now) : Health(feedsRead: config.feeds.count)
        if let carried {
            // What the daemon's fetch rounds read since the last briefing counts too.
            health.itemsRead += carried.itemsRead
            health.duplicatesFolded += carried.duplicatesFolded
        }
        do {
            try store.pruneArticles(olderThan: now.addingTimeInterval(-config.retention))
            try store.prunePages(olderThan: now.addingTimeInterval(-config.retention))
            try store.pruneDeliveries(olderThan: now.addingTimeInterval(-config.retention))
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
        // Briefings that could not be sent still say so, until they are.
        if !config.delivery.targets.isEmpty {
            do {
                health.deliveryFailures = try store.failedDeliveries(since: periodStart).map {
                    DeliveryFailure(target: config.delivery.label(forKey: $0.target), briefing: $0.briefing, attempts: $0.attempts,
                                    message: $0.lastError ?? "", givenUp: $0.abandoned)
                }
            } catch {
                report("state database: cannot read the delivery outbox: \(error)")
            }
        }
        // The reader's rules: muted articles go before grouping, boosted ones are remembered.
        let ruled = RuleOutcome(rules: config.rules, articles: articles, sources: config.feedsByID)
        health.muted = ruled.muted
        progress(.grouping(articles: articles.count))
        var briefed: Set<String> = []
        if config.briefing.skipBriefed {
            do { briefed = try store.briefedArticleIDs() } catch { report("state database: cannot read earlier briefings: \(error)") }
        }
        var builder = StoryBuilder(
            maxStories: config.briefing.maxStories, sentencesPerStory: config.briefing.sentencesPerStory,
            wordsPerStory: config.briefing.wordsPerStory, window: config.briefing.storyWindow,
            weights: Dictionary(config.feeds.map { ($0.id, $0.weight) }, uniquingKeysWith: { first, _ in first })
        )
        builder.boosts = ruled.boosts
        let sections = config.storySections
        builder.sections = sections
        let built = builder.build(ruled.kept, now: now, briefed: briefed)
        let stories = built.stories
        health.duplicatesFolded += built.copiesFolded
        var briefing = Briefing(title: config.title, periodStart: periodStart, periodEnd: now, generatedAt: now, stories: stories, health: health)
        briefing.sections = sections?.sections.map(\.name) ?? []
        guard health.feedsRead > 0 else { return Outcome(briefing: briefing, written: []) }
        progress(.writing(stories: stories.count))
        let publisher = BriefingPublisher(renderer: renderer, writer: writer, formats: config.briefing.formats.map(\.rawValue),
                                          timeZone: config.timeZone, keep: config.briefing.keep, baseURL: config.briefing.baseURL,
                                          report: report)
        let written: [URL]
        do { written = try publisher.publish(briefing) } catch {
            switch error {
            case .output(let error): throw .output(error)
            case .template(let error): throw .template(error)
            }
        }
        let name = written.first?.deletingPathExtension().lastPathComponent ?? ""
        do {
            try store.recordBriefing(name: name, at: now, storyCount: stories.count, articleIDs: stories.flatMap { $0.articles.map(\.id) })
        } catch {
            report("state database: cannot record the briefing: \(error)")
        }
        // Every target gets the briefing through the outbox (`Deliverer`), so a failed send is tried again.
        let targets = config.delivery.targets
        if !targets.isEmpty, !name.isEmpty {
            do {
                try store.enqueueDeliveries(targets.map {
                    DeliveryRecord(briefing: name, target: $0.key, folder: folder.standardizedFileURL.path, createdAt: now, nextTry: now)
                })
            } catch {
                report("state database: cannot queue the briefing for delivery: \(error)")
            }
        }
        let own = written.filter { $0.deletingPathExtension().lastPathComponent == name }
        return Outcome(briefing: briefing, written: own, allWritten: written)
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
