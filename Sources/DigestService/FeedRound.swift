import DigestFeeds
import DigestFetch
import DigestModel
import DigestStore
import Foundation

/// One fetch round: every feed that is due is fetched with its stored validators, parsed, and
/// its articles saved; its fetch state (validators, moved URL, errors, backoff) is remembered.
/// One feed's failure never stops the others.
struct FeedRound: Sendable {
    let feeds: [FeedSource]
    let fetcher: any Fetcher
    let store: Store
    let policy: FetchPolicy
    let concurrency: Int
    let maxBytes: Int
    let report: @Sendable (String) -> Void
    /// Whether links in a public feed may lead to private addresses (`[fetch] allow_private_pages`).
    var allowPrivatePages = false
    /// The fetch timeout (pages of one feed get a few of them).
    var timeout: TimeInterval = 30
    /// Told how many feeds are done after each one finishes.
    var onFeedDone: @Sendable (Int) -> Void = { _ in }

    /// What happened to one feed.
    enum Outcome: Sendable {
        /// Fetched and parsed: how many entries, and what saving them did.
        case fetched(entries: Int, saved: Store.SaveReport)
        /// The server said nothing changed.
        case notModified
        /// Not due yet (backoff, Retry-After, TTL); what is stored is used.
        case notDue(until: Date)
        /// It failed, and why.
        case failed(FeedFailure)
    }

    /// The deadline of the whole round (`[fetch] round_deadline`). Feeds not started by then
    /// are left for the next round; feeds still being read are abandoned. Neither counts as a
    /// failure of the feed (its state is untouched), but the round reports them.
    var deadline: TimeInterval = 20 * 60

    /// Runs the round at `now`; `force` fetches feeds that are not due yet (never disabled ones).
    func run(now: Date, force: Bool = false) async -> [(FeedSource, Outcome)] {
        let limit = max(1, min(concurrency, 1_000))
        // range-checked: the deadline is clamped to 1 s – 7 days.
        let ends = ContinuousClock.now + .milliseconds(Int64(min(max(deadline, 1), 7 * 86_400) * 1000))
        let deadline = deadline
        let late: @Sendable (FeedSource) -> Outcome = { source in
            Outcome.failed(FeedFailure(feedID: source.id, feedName: source.name.isEmpty ? source.id : source.name, url: Self.display(source.url),
                                       message: "not read: the fetch round ran out of time (round_deadline \(ConfigValues.describe(deadline)))"))
        }
        return await withTaskGroup(of: (Int, Outcome).self) { group in
            var results = [Outcome?](repeating: nil, count: feeds.count)
            var next = 0
            func startNext() {
                guard next < feeds.count else { return }
                let index = next, source = feeds[index]
                next += 1
                let left = ends - ContinuousClock.now
                guard left > .zero else {
                    group.addTask { (index, late(source)) }
                    return
                }
                let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
                group.addTask {
                    // The deadline holds even if reading the feed does not end by itself.
                    let outcome = try? await Deadline.run(seconds: seconds) { await read(source, now: now, force: force) }
                    return (index, outcome ?? late(source))
                }
            }
            for _ in 0..<limit { startNext() }
            var done = 0
            while let (index, outcome) = await group.next() {
                results[index] = outcome
                done += 1
                onFeedDone(done)
                startNext()
            }
            return zip(feeds, results).map { ($0, $1 ?? late($0)) }
        }
    }

    private func read(_ source: FeedSource, now: Date, force: Bool) async -> Outcome {
        let name = source.name.isEmpty ? source.id : source.name
        var state: FeedState
        do {
            state = try store.feedState(id: source.id, configuredURL: source.url)
        } catch {
            return .failed(FeedFailure(feedID: source.id, feedName: name, url: Self.display(source.url), message: "state database: \(error)"))
        }
        func fail(_ message: String, retryAfter: Date? = nil, disable: Bool = false) -> Outcome {
            state.lastAttempt = now
            state.errorCount += 1
            state.lastError = message
            state.disabled = state.disabled || disable
            state.nextFetch = policy.nextFetch(afterFailureAt: now, failures: state.errorCount, retryAfter: retryAfter)
            persist(state)
            return .failed(FeedFailure(feedID: source.id, feedName: name, url: Self.display(state.url), message: message))
        }
        if state.disabled {
            return .failed(FeedFailure(feedID: source.id, feedName: name, url: Self.display(state.url),
                                       message: state.lastError ?? "disabled; change its URL in the config to try again"))
        }
        if !force, let due = state.nextFetch, due > now {
            // A feed waiting out its backoff is still a failing feed, and says so.
            if state.errorCount > 0, let lastError = state.lastError {
                return .failed(FeedFailure(feedID: source.id, feedName: name, url: Self.display(state.url),
                                           message: "\(lastError) (\(state.errorCount) failures; next try after \(due.ISO8601Format()))"))
            }
            return .notDue(until: due)
        }

        let result: FetchResult
        do {
            result = try await fetcher.fetch(state.url, validators: Validators(etag: state.etag, lastModified: state.lastModified))
        } catch {
            switch error {
            case .gone: return fail(error.description, disable: true)
            case .rateLimited(_, let retryAfter): return fail(error.description, retryAfter: retryAfter)
            default: return fail(error.description)
            }
        }
        switch result {
        case .notModified(_, let permanentURL):
            if let permanentURL { state.url = permanentURL }
            succeed(&state, now: now, freshFor: nil, ttl: nil)
            persist(state)
            return .notModified
        case .fetched(let document):
            let feed: ParsedFeed
            do {
                feed = try FeedParser(maxBytes: maxBytes).parse(document.body, url: document.finalURL, contentType: document.contentType)
            } catch {
                return fail(error.description)
            }
            for warning in feed.warnings { report("feed \(name) (\(Self.display(state.url))): \(warning)") }
            let made = feed.entries.map(ArticleMaker(source: source, feed: feed).article)
            let fullText = FullText(fetcher: fetcher, store: store, policy: policy, maxBytes: maxBytes,
                                    allowPrivatePages: allowPrivatePages, report: report, timeout: timeout)
            let articles = await fullText.expand(made, source: source, feedURL: document.finalURL, now: now)
            let saved: Store.SaveReport
            do {
                saved = try store.save(articles, at: now)
            } catch {
                return fail("state database: \(error)")
            }
            if let permanentURL = document.permanentURL {
                report("feed \(name): moved permanently to \(permanentURL.absoluteString); the new URL is used from now on")
                state.url = permanentURL
            }
            state.etag = document.etag
            state.lastModified = document.lastModified
            state.title = feed.title
            succeed(&state, now: now, freshFor: document.freshFor, ttl: feed.ttl)
            persist(state)
            return .fetched(entries: feed.entries.count, saved: saved)
        }
    }

    private func succeed(_ state: inout FeedState, now: Date, freshFor: TimeInterval?, ttl: TimeInterval?) {
        state.lastAttempt = now
        state.lastSuccess = now
        state.lastError = nil
        state.errorCount = 0
        state.nextFetch = policy.nextFetch(afterSuccessAt: now, freshFor: freshFor, ttl: ttl)
    }

    private func persist(_ state: FeedState) {
        do { try store.save(state) } catch { report("feed \(state.id): cannot save its state: \(error)") }
    }

    /// A feed's address as messages show it: its path or URL, clipped.
    static func display(_ url: URL) -> String {
        (url.isFileURL ? url.path : url.absoluteString).clipped(to: 300)
    }
}
