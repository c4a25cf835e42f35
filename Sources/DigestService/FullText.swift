import DigestFeeds
import DigestFetch
import DigestModel
import DigestStore
import DigestText
import Foundation

/// Replaces teasers with the article behind their link: for a feed with `full_text = true`
/// every entry, otherwise entries that are only a teaser (`Teaser.isTeaser`). Pages go through
/// the same fetcher as feeds (its limits, timeouts and per-host cap), are cached in the store
/// (reused for `freshFor`, then revalidated with their validators), and a page that fails is
/// retried only after a backoff. When a page cannot be had, the entry keeps its own text and
/// the failure is reported.
struct FullText: Sendable {
    let fetcher: any Fetcher
    let store: Store
    let policy: FetchPolicy
    let maxBytes: Int
    /// `[fetch] allow_private_pages`: links in public feeds may lead to private addresses.
    var allowPrivatePages = false
    let report: @Sendable (String) -> Void

    /// A cached page is used without asking its server again for this long.
    static let freshFor: TimeInterval = 6 * 3600
    /// An article published longer ago than this has settled: its cached page is used as it is,
    /// never revalidated again (a news page is corrected in its first day or so; asking again
    /// every six hours for as long as a feed lists it only costs its site requests).
    static let settledAfter: TimeInterval = 48 * 3600
    /// At most this many pages of one feed are asked of the network per round; the rest wait
    /// for the next round, so a new subscription with a long archive does not flood its site.
    /// Pages already in the cache are used without counting. A day of a busy outlet's feed fits
    /// with room to spare (the news-day bench's outlets carry about 45 teasers each; with 40, a
    /// one-off briefing grouped and summarised the oldest of them on their teasers alone).
    static let maxRequestsPerFeed = 100
    /// Pages of one feed fetched at once (the fetcher also caps requests per host).
    static let concurrency = 4
    /// How long one feed's pages may take, in fetch timeouts: pages not started by then wait
    /// for the next round (the entries keep their feed text), so a feed of dead links cannot
    /// hold a round for 100 timeouts.
    static let pageBudget = 3.0
    /// The fetch timeout the budget is counted in.
    var timeout: TimeInterval = 30

    /// The articles, with full text where it was wanted and could be had.
    ///
    /// Entries are taken newest first (whatever order the feed lists them in), pages never
    /// fetched before ahead of cached ones due for revalidation: the request budget goes to the
    /// articles a briefing is about to show.
    func expand(_ articles: [Article], source: FeedSource, feedURL: URL, now: Date) async -> [Article] {
        let name = source.name.isEmpty ? source.id : source.name
        var candidates: [Int] = []
        for (index, article) in articles.enumerated() {
            guard let url = article.url, Self.mayFetch(url, feedURL: feedURL) else { continue }
            if source.fullText || Teaser.isTeaser(article.paragraphs) { candidates.append(index) }
        }
        guard !candidates.isEmpty else { return articles }
        let order = Self.newestFirst(candidates.map { articles[$0].published })
        candidates = order.map { candidates[$0] }
        var expanded = articles
        var new: [(index: Int, cached: CachedPage?)] = [], stale: [(index: Int, cached: CachedPage?)] = []
        for index in candidates {
            let cached = try? store.cachedPage(articles[index].url!)
            switch Self.cacheState(cached, published: articles[index].published, now: now) {
            case .fresh: expanded[index] = Self.merge(articles[index], cached!)
            case .waiting: continue
            case .absent: new.append((index, cached))
            case .due: stale.append((index, cached))
            }
        }
        let queued = new + stale
        let wanted = Array(queued.prefix(Self.maxRequestsPerFeed))
        // Only pages never had are worth a word (a revalidation put off changes nothing).
        if new.count > wanted.count {
            report("feed \(name): \(new.count - wanted.count) article pages wait for the next round (at most \(Self.maxRequestsPerFeed) a round)")
        }
        guard !wanted.isEmpty else { return expanded }
        let reach = await Self.reach(feedURL: feedURL, allowPrivatePages: allowPrivatePages)
        let budgetEnds = Date().addingTimeInterval(timeout * Self.pageBudget)
        await withTaskGroup(of: (Int, CachedPage?).self) { group in
            var next = 0
            func startNext() {
                guard next < wanted.count, Date() < budgetEnds else { return }
                let (index, cached) = wanted[next]
                next += 1
                let article = articles[index]
                group.addTask { (index, await fetchPage(article.url!, cached: cached, feedName: name, reach: reach, now: now)) }
            }
            for _ in 0..<Self.concurrency { startNext() }
            while let (index, page) = await group.next() {
                if let page { expanded[index] = Self.merge(articles[index], page) }
                startNext()
            }
        }
        return expanded
    }

    /// Positions of `dates` newest first; undated entries after the dated ones, and entries of
    /// one date, in the order given.
    static func newestFirst(_ dates: [Date?]) -> [Int] {
        dates.indices.sorted { a, b in
            switch (dates[a], dates[b]) {
            case let (x?, y?): x != y ? x > y : a < b
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a < b
            }
        }
    }

    /// What the cache holds for a page.
    enum CacheState {
        /// A copy to use without asking the server: young enough, or of a settled article.
        case fresh
        /// A copy to revalidate.
        case due
        /// A failure whose backoff has not passed.
        case waiting
        /// Nothing (or a failure whose backoff has passed).
        case absent
    }

    /// What the cache holds for the page of an article published at `published`.
    static func cacheState(_ cached: CachedPage?, published: Date?, now: Date) -> CacheState {
        guard let cached else { return .absent }
        if cached.error != nil {
            if let nextTry = cached.nextTry, nextTry > now { return .waiting }
            return .absent
        }
        if now.timeIntervalSince(cached.fetchedAt) < freshFor { return .fresh }
        if let published, now.timeIntervalSince(published) > settledAfter { return .fresh }
        return .due
    }

    /// The page's text replaces the entry's when it is longer (an extraction that found less
    /// than the feed gave is not an improvement).
    static func merge(_ article: Article, _ page: CachedPage) -> Article {
        var merged = article
        let entryLength = article.paragraphs.reduce(0) { $0 + $1.count }
        let pageLength = page.paragraphs.reduce(0) { $0 + $1.count }
        if pageLength > entryLength { merged.paragraphs = page.paragraphs }
        if merged.language == nil { merged.language = page.language }
        merged.isOpinion = merged.isOpinion || page.isOpinion
        return merged
    }

    /// Where a feed's links may lead. A feed the user configured on a private address (a local
    /// file, a server on the LAN or loopback) may link to pages beside it; a feed on a public
    /// address only to public ones, unless the user allows more. The feed's host is looked up
    /// once per round, under a short deadline of its own.
    static func reach(feedURL: URL, allowPrivatePages: Bool) async -> Reach {
        if allowPrivatePages || feedURL.isFileURL { return .link(allowPrivate: true) }
        guard let host = feedURL.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), !host.isEmpty else { return .publicOnly }
        let port = feedURL.port ?? (feedURL.scheme?.lowercased() == "https" ? 443 : 80)
        let isPrivate = try? await Deadline.run(seconds: 10) {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: NetworkPolicy.isPrivate(host: host, port: port)) }
            }
        }
        return .link(allowPrivate: isPrivate == true)
    }

    /// Pages are fetched over HTTP(S); a `file:` link only from a feed that is itself a local
    /// file (a remote feed must never make the daemon read local files). Names reserved by
    /// RFC 2606 and RFC 6761 (`.example`, `.invalid`, `.test`, `.localhost`) never resolve, so
    /// they are not asked for.
    static func mayFetch(_ url: URL, feedURL: URL) -> Bool {
        switch url.scheme?.lowercased() {
        case "http", "https":
            guard let host = url.host?.lowercased() else { return false }
            let trimmed = host.hasSuffix(".") ? String(host.dropLast()) : host
            return !["example", "invalid", "test", "localhost"].contains { trimmed == $0 || trimmed.hasSuffix("." + $0) }
        case "file":
            return feedURL.isFileURL
        default:
            return false
        }
    }

    /// The page at `url` from the network (revalidating `cached`, when it holds a copy); nil
    /// when it cannot be had.
    private func fetchPage(_ url: URL, cached: CachedPage?, feedName: String, reach: Reach, now: Date) async -> CachedPage? {
        let validators = cached.flatMap { $0.error == nil ? Validators(etag: $0.etag, lastModified: $0.lastModified) : nil } ?? .none
        let outcome: Result<CachedPage, PageFailure>
        do {
            switch try await fetcher.fetch(url, validators: validators, reach: reach) {
            case .notModified:
                var page = cached ?? CachedPage(url: url, fetchedAt: now)
                page.fetchedAt = now
                outcome = page.paragraphs.isEmpty ? .failure(PageFailure("the server says the page is unchanged, but no copy is stored")) : .success(page)
            case .fetched(let document):
                outcome = Self.extract(document, url: url, now: now, maxBytes: maxBytes)
            }
        } catch {
            outcome = .failure(PageFailure(error.description))
        }
        switch outcome {
        case .success(let page):
            save(page)
            return page
        case .failure(let failure):
            let message = failure.message
            let failures = (cached?.error != nil ? cached?.failures ?? 0 : 0) + 1
            var failed = cached ?? CachedPage(url: url, fetchedAt: now)
            failed.fetchedAt = now
            failed.error = message
            failed.failures = failures
            failed.nextTry = policy.nextFetch(afterFailureAt: now, failures: failures)
            failed.paragraphs = []
            save(failed)
            report("feed \(feedName): article \(url.absoluteString): full text unavailable (\(message)); using the feed's text")
            return nil
        }
    }

    static func extract(_ document: FetchedDocument, url: URL, now: Date, maxBytes: Int) -> Result<CachedPage, PageFailure> {
        if let type = document.contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
           !type.isEmpty, type != "text/html", type != "application/xhtml+xml", type != "text/plain" {
            return .failure(PageFailure("not a web page (\(type))"))
        }
        do {
            let extracted = try ArticleExtractor(maxBytes: maxBytes).extract(document.body, url: document.finalURL, contentType: document.contentType)
            return .success(CachedPage(url: url, fetchedAt: now, etag: document.etag, lastModified: document.lastModified,
                                       paragraphs: extracted.paragraphs, language: extracted.language, isOpinion: extracted.isOpinion))
        } catch {
            return .failure(PageFailure(error.description))
        }
    }

    private func save(_ page: CachedPage) {
        do { try store.save(page) } catch { report("page \(page.url.absoluteString): cannot save it in the state database: \(error)") }
    }
}

/// Why an article page could not be used.
struct PageFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
