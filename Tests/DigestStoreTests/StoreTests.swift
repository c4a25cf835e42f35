import DigestModel
@testable import DigestStore
import Foundation
import Testing

@Suite struct StoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-store-\(UUID().uuidString)")
    let now = Date(timeIntervalSince1970: 1_795_327_200)

    func article(_ id: String, feed: String = "a", url: String? = nil, title: String = "Title", text: String = "Text.", hoursAgo: Double? = 1) -> Article {
        Article(id: id, sourceID: feed, sourceName: feed.uppercased(), url: url.flatMap(URL.init(string:)), title: title,
                published: hoursAgo.map { now.addingTimeInterval(-$0 * 3600) }, paragraphs: [text, "Second paragraph."])
    }

    @Test("the delivery outbox keeps a row per briefing and target until it is sent; done rows older than retention go")
    func outbox() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(folder: folder)
        let old = now.addingTimeInterval(-40 * 86_400)
        try store.enqueueDeliveries([
            DeliveryRecord(briefing: "2026-10-13", target: "email", folder: "/out", createdAt: old, nextTry: old),
            DeliveryRecord(briefing: "2026-11-22", target: "email", folder: "/out", createdAt: now, nextTry: now),
            DeliveryRecord(briefing: "2026-11-22", target: "webhook:https://h.example/", folder: "/out", createdAt: now, nextTry: now),
        ])
        // Enqueued again: left as it is.
        try store.enqueueDeliveries([DeliveryRecord(briefing: "2026-11-22", target: "email", folder: "/elsewhere", createdAt: now, nextTry: now)])
        #expect(try store.pendingDeliveries().map(\.briefing) == ["2026-10-13", "2026-11-22", "2026-11-22"])
        #expect(try store.pendingDeliveries().allSatisfy { $0.folder == "/out" })
        var failed = try #require(try store.pendingDeliveries().last)
        failed.attempts = 2
        failed.lastError = "HTTP 500"
        failed.nextTry = now.addingTimeInterval(600)
        try store.saveDelivery(failed)
        #expect(try store.failedDeliveries(since: old).map(\.lastError) == ["HTTP 500"])
        var sent = try #require(try store.pendingDeliveries().first)
        sent.deliveredAt = old
        try store.saveDelivery(sent)
        #expect(try store.pendingDeliveries().count == 2)
        func rows() throws -> Int { try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM delivery") ?? -1 } }
        #expect(try rows() == 3)
        try store.pruneDeliveries(olderThan: now.addingTimeInterval(-30 * 86_400))
        #expect(try rows() == 2, "the old delivered row is gone")
        #expect(try store.pendingDeliveries().count == 2, "pending rows are never pruned")
        #expect(try store.failedDeliveries(since: old).first?.attempts == 2)
    }

    @Test("articles are stored once: a known id is unchanged or updated, another feed's copy of a URL is a duplicate")
    func dedupe() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(folder: folder)
        let first = try store.save([article("a:1", url: "https://News.example/story?utm_source=x#top"), article("a:2")], at: now)
        #expect(first == .init(inserted: 2, updated: 0, unchanged: 0, duplicates: 0))
        let again = try store.save([
            article("a:1", url: "https://News.example/story?utm_source=x#top"),
            article("a:2", text: "Corrected text."),
            article("b:9", feed: "b", url: "https://news.example/story"),
        ], at: now)
        #expect(again == .init(inserted: 0, updated: 1, unchanged: 1, duplicates: 1))
        let stored = try store.articles(in: now.addingTimeInterval(-86_400)...now)
        #expect(stored.map(\.id).sorted() == ["a:1", "a:2"])
        #expect(stored.first { $0.id == "a:2" }?.paragraphs == ["Corrected text.", "Second paragraph."])
        #expect(stored.first { $0.id == "a:1" }?.sourceName == "A")
    }

    @Test("stored paragraphs read back exactly: quotes, escapes, controls, accents, emoji; odd JSON still reads")
    func paragraphsRoundTrip() throws {
        let paragraphs = ["He said \"no\" \\ then/left.", "Line\nbreak\ttab\u{8}\u{C}\r", "Crème brûlée — 東京 🚆", "", "\u{1}\u{1F}"]
        let stored = Store.encode(paragraphs)
        #expect(Store.decodeStringArray(stored) == paragraphs)
        #expect(Store.decode(stored) == paragraphs)
        // What other writers may produce: escaped non-ASCII, surrogate pairs, spaces between.
        #expect(Store.decode(#" [ "caf\u00e9" , "\ud83d\ude86" ] "#) == ["café", "🚆"])
        #expect(Store.decode("[]") == [] && Store.decode(" [ ] ") == [])
        // Not a string array, or broken: what JSONDecoder says (nothing), never a crash.
        for odd in ["", "[", "[\"open", "[\"a\",]", "[1]", "{\"a\": 1}", "[\"\\ud83d\"]", "[\"bad \\x escape\"]", "[\"a\"] x"] {
            #expect(Store.decodeStringArray(odd) == nil, "\(odd)")
            #expect(Store.decode(odd) == (try? JSONDecoder().decode([String].self, from: Data(odd.utf8))) ?? [])
        }
    }

    @Test("an undated article belongs to the time it was first seen")
    func undated() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(folder: folder)
        try store.save([article("a:1", hoursAgo: nil)], at: now.addingTimeInterval(-3 * 86_400))
        try store.save([article("a:1", hoursAgo: nil)], at: now)
        #expect(try store.articles(in: now.addingTimeInterval(-86_400)...now).isEmpty)
        #expect(try store.articles(in: now.addingTimeInterval(-4 * 86_400)...now).count == 1)
    }

    @Test("feed state survives a reopen, and a changed URL in the config starts it over")
    func feedState() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = URL(string: "https://feeds.example/rss")!
        var state = FeedState(id: "feeds", configuredURL: url)
        state.url = URL(string: "https://feeds.example/new-rss")!
        state.etag = "\"e1\""
        state.errorCount = 2
        state.lastError = "HTTP 500"
        state.nextFetch = now
        try Store(folder: folder).save(state)
        let reopened = try Store(folder: folder)
        #expect(try reopened.feedState(id: "feeds", configuredURL: url) == state)
        let moved = try reopened.feedState(id: "feeds", configuredURL: URL(string: "https://elsewhere.example/rss")!)
        #expect(moved.etag == nil && moved.errorCount == 0 && moved.url.host == "elsewhere.example")
    }

    @Test("retention deletes what is older than the cut-off and nothing newer")
    func retention() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(folder: folder)
        try store.save([article("a:old", hoursAgo: 24 * 40), article("a:new", hoursAgo: 2)], at: now.addingTimeInterval(-40 * 86_400))
        #expect(try store.pruneArticles(olderThan: now.addingTimeInterval(-30 * 86_400)) == 1)
        #expect(try store.articles(in: Date.distantPast...now).map(\.id) == ["a:new"])
    }

    @Test("a corrupt database is a clear error at opening, naming the file")
    func corrupt() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(repeating: 0x42, count: 4096).write(to: folder.appendingPathComponent(Store.fileName))
        let error = #expect(throws: StoreError.self) { try Store(folder: folder) }
        #expect(error?.description.contains(Store.fileName) == true)
        #expect(error?.description.contains("damaged") == true)
    }

    @Test("two stores on one file write in turn, and the database stays sound")
    func twoWriters() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let one = try Store(folder: folder), two = try Store(folder: folder)
        let now = self.now
        await withTaskGroup(of: Void.self) { group in
            for (index, store) in [one, two].enumerated() {
                group.addTask {
                    for round in 0..<50 {
                        let item = Article(id: "f\(index):\(round)", sourceID: "f\(index)", sourceName: "F", url: nil, title: "T\(round)",
                                           published: now, paragraphs: ["x"])
                        _ = try? store.save([item], at: now)
                    }
                }
            }
        }
        #expect(try one.articles(in: now...now).count == 100)
        #expect(try two.integrityCheck())
    }

    @Test("briefings remember their articles")
    func briefings() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(folder: folder)
        try store.recordBriefing(name: "2026-11-22", at: now, storyCount: 2, articleIDs: ["a:1", "b:2", "a:1"])
        #expect(try store.briefedArticleIDs() == ["a:1", "b:2"])
        #expect(try store.lastBriefing() == now)
    }

    @Test("canonical URLs drop what does not name the article", arguments: [
        ("HTTPS://News.Example:443/a/b?id=7&utm_medium=rss&fbclid=x#comments", "https://news.example/a/b?id=7"),
        ("http://news.example:80", "http://news.example/"),
        ("http://news.example:8080/x?gclid=1", "http://news.example:8080/x"),
    ])
    func canonical(_ raw: String, _ expected: String) {
        #expect(CanonicalURL.string(URL(string: raw)!) == expected)
    }
}
