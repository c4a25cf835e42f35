import DigestFeeds
import DigestFetch
import DigestModel
import DigestRender
import DigestStore
import Foundation

/// `digest feeds …`: the subscription list, kept in the OPML file beside the config so that any
/// feed reader can import it, and checked against the live feeds.
public enum Subscriptions {
    /// Why a subscription command failed.
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var status: Commands.Status
        public var description: String { message }
    }

    /// One line per feed: id, name, URL, where it is configured, and its health.
    public static func list(_ config: Config, store: Store) throws -> String {
        let fromOPML = Set(config.opmlFeeds.map(\.id))
        var rows = [["ID", "NAME", "URL", "IN", "HEALTH"]]
        for feed in config.feeds {
            let state = try store.feedState(id: feed.id, configuredURL: feed.url)
            rows.append([feed.id, feed.name, state.url.absoluteString, fromOPML.contains(feed.id) ? "opml" : "config", health(state)])
        }
        return table(rows)
    }

    static func health(_ state: FeedState) -> String {
        if state.disabled { return "disabled: \(state.lastError ?? "gone")" }
        if let error = state.lastError { return "failing (\(state.errorCount)): \(error)" }
        if let success = state.lastSuccess { return "ok, \(success.ISO8601Format())" }
        return "never fetched"
    }

    /// Adds the feed at `url`, or the feed a web page at `url` announces, to the OPML file.
    public static func add(_ raw: String, name: String?, config: Config, fetcher: any Fetcher) async throws(Failure) -> FeedSource {
        guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), ["http", "https", "file"].contains(scheme) else {
            throw Failure(message: "\"\(raw)\" is not an http(s) or file URL", status: .usage)
        }
        let (feedURL, parsed) = try await discover(url, fetcher: fetcher)
        if config.feeds.contains(where: { $0.url == feedURL }) {
            throw Failure(message: "\(feedURL.absoluteString) is already subscribed", status: .usage)
        }
        var feed = FeedSource(url: feedURL, name: name ?? parsed.title ?? "")
        var ids = Set(config.feeds.map(\.id))
        feed.makeIDUnique(in: &ids)
        try save(config.opmlFeeds + [feed], to: config.feedsFile)
        return feed
    }

    /// The feed behind `url`: the document itself when it is a feed, else what the page
    /// announces, else the common feed paths of its site.
    static func discover(_ url: URL, fetcher: any Fetcher) async throws(Failure) -> (URL, ParsedFeed) {
        let page: FetchedDocument
        do {
            guard case .fetched(let document) = try await fetcher.fetch(url, validators: .none) else {
                throw Failure(message: "\(url.absoluteString): no content", status: .dataError)
            }
            page = document
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(message: "\(url.absoluteString): \(error)", status: .dataError)
        }
        if let feed = try? FeedParser().parse(page.body, url: page.finalURL, contentType: page.contentType) {
            return (page.permanentURL ?? page.finalURL, feed)
        }
        var candidates = FeedDiscovery.announcedFeeds(inHTML: page.body, base: page.finalURL)
        if !url.isFileURL {
            candidates += FeedDiscovery.commonPaths.compactMap { URL(string: $0, relativeTo: page.finalURL)?.absoluteURL }
        }
        for candidate in candidates {
            guard case .fetched(let document)? = try? await fetcher.fetch(candidate, validators: .none),
                  let feed = try? FeedParser().parse(document.body, url: document.finalURL, contentType: document.contentType) else { continue }
            return (document.permanentURL ?? document.finalURL, feed)
        }
        throw Failure(message: "\(url.absoluteString) is not a feed and announces none (looked for <link rel=\"alternate\"> and \(FeedDiscovery.commonPaths.joined(separator: ", ")))", status: .dataError)
    }

    /// Removes feed `id` from the OPML file; feeds written in the config are the config's to remove.
    public static func remove(_ id: String, config: Config) throws(Failure) {
        guard config.opmlFeeds.contains(where: { $0.id == id }) else {
            if config.feeds.contains(where: { $0.id == id }) {
                throw Failure(message: "\(id) is a [[feeds]] entry of \(config.file.path); remove it there", status: .usage)
            }
            throw Failure(message: "no feed with the id \(id) (see `digest feeds list`)", status: .usage)
        }
        try save(config.opmlFeeds.filter { $0.id != id }, to: config.feedsFile)
    }

    /// Adds the feeds of an OPML file that are not subscribed yet; returns how many.
    public static func importOPML(_ file: URL, config: Config) throws(Failure) -> Int {
        let data: Data
        switch LocalFile.read(file.path) {
        case .success(let contents): data = contents
        case .failure(let failure): throw Failure(message: "\(file.path): \(failure)", status: .dataError)
        }
        let incoming: [FeedSource]
        do { incoming = try OPML.parse(data) } catch {
            throw Failure(message: "\(file.path): not a usable OPML file: \(error)", status: .dataError)
        }
        var known = Set(config.feeds.map(\.url))
        var ids = Set(config.feeds.map(\.id))
        var added: [FeedSource] = []
        for var feed in incoming where !known.contains(feed.url) {
            feed.makeIDUnique(in: &ids)
            known.insert(feed.url)
            added.append(feed)
        }
        try save(config.opmlFeeds + added, to: config.feedsFile)
        return added.count
    }

    /// All subscriptions as OPML 2.0, with the URLs feeds have permanently moved to.
    public static func export(_ config: Config, store: Store) throws -> String {
        let feeds = try config.feeds.map { feed -> FeedSource in
            var moved = feed
            moved.url = try store.feedState(id: feed.id, configuredURL: feed.url).url
            return moved
        }
        return OPML.document(feeds, title: config.title)
    }

    /// Fetches the feeds now (all, or the one with `id`) and tabulates the outcome.
    public static func check(_ config: Config, id: String?, store: Store, fetcher: any Fetcher, now: Date = Date()) async throws(Failure) -> (String, Bool) {
        let feeds = id.map { wanted in config.feeds.filter { $0.id == wanted } } ?? config.feeds
        if let id, feeds.isEmpty { throw Failure(message: "no feed with the id \(id) (see `digest feeds list`)", status: .usage) }
        var round = FeedRound(feeds: feeds, fetcher: fetcher, store: store, policy: FetchPolicy(), concurrency: config.fetch.concurrency,
                              maxBytes: config.fetch.maxBytes, report: { _ in })
        round.allowPrivatePages = config.fetch.allowPrivatePages
        round.deadline = config.fetch.roundDeadline
        round.timeout = config.fetch.timeout
        let clock = ContinuousClock()
        var outcomes: [(FeedSource, FeedRound.Outcome)] = []
        let elapsed = await clock.measure { outcomes = await round.run(now: now, force: true) }
        var rows = [["ID", "STATUS", "ITEMS", "ERROR"]]
        var allOK = true
        for (feed, outcome) in outcomes {
            switch outcome {
            case .fetched(let entries, _): rows.append([feed.id, "ok", String(entries), ""])
            case .notModified: rows.append([feed.id, "not modified", "-", ""])
            case .notDue(let until): rows.append([feed.id, "not due until \(until.ISO8601Format())", "-", ""])
            case .failed(let failure):
                allOK = false
                rows.append([feed.id, "failed", "-", failure.message])
            }
        }
        return (table(rows) + String(format: "%d feeds checked in %.1fs\n", outcomes.count, elapsed.inSeconds), allOK)
    }

    private static func save(_ feeds: [FeedSource], to file: URL) throws(Failure) {
        do {
            let writer = try OutputWriter(folder: file.deletingLastPathComponent())
            try writer.write(OPML.document(feeds, title: "digest subscriptions"), as: file.lastPathComponent)
        } catch {
            throw Failure(message: "\(error)", status: .cannotCreate)
        }
    }

    /// Columns padded to their widest cell.
    static func table(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).enumerated().map { index, pair in
                index == row.count - 1 ? pair.0 : pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
