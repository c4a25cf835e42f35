import DigestModel
import DigestRender
import Foundation

enum RenderFixtures {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let templates = testsFolder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates")
    static let golden = testsFolder.appendingPathComponent("Golden")
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    /// A fixed briefing: two stories, one with a non-http link, and a failed feed.
    static func briefing(headline: String = "Council approves *new* budget", text: String = "The council met on Saturday.") -> Briefing {
        let now = Date(timeIntervalSince1970: 1_795_849_200) // 2026-11-28T07:00:00Z
        let first = Article(id: "a:1", sourceID: "courier", sourceName: "Courier", url: URL(string: "https://courier.example/budget?id=1&x=2"),
                            title: headline, published: now.addingTimeInterval(-3600), paragraphs: [text])
        let second = Article(id: "b:1", sourceID: "gazette", sourceName: "Gazette", url: URL(string: "javascript:alert(1)"),
                             title: "Storm <warning>", published: now.addingTimeInterval(-7200), paragraphs: ["Wind."])
        return Briefing(
            title: "Morning Briefing",
            periodStart: now.addingTimeInterval(-86_400), periodEnd: now, generatedAt: now,
            stories: [
                Story(id: "s1", headline: headline, articles: [first], sentences: [
                    SummarySentence(text: text, articleIndex: 0, paragraph: 0, sentence: 0),
                    SummarySentence(text: "It voted 27 to 14.", articleIndex: 0, paragraph: 0, sentence: 1),
                ]),
                Story(id: "s2", headline: "Storm <warning>", articles: [second], sentences: [
                    SummarySentence(text: "Wind.", articleIndex: 0, paragraph: 0, sentence: 0),
                ]),
            ],
            health: Health(failures: [FeedFailure(feedID: "broken", feedName: "Broken Feed", url: "/feeds/broken.xml", message: "not XML (line 1: Start tag expected)")],
                           feedsRead: 2, itemsRead: 5, itemsInWindow: 2, duplicatesFolded: 0)
        )
    }

    /// One story told by three outlets: two cited, the third a copy of the first.
    static func wireStory() -> Briefing {
        let now = Date(timeIntervalSince1970: 1_795_849_200)
        func article(_ id: String, _ outlet: String) -> Article {
            Article(id: id, sourceID: outlet.lowercased(), sourceName: outlet, url: URL(string: "https://\(outlet.lowercased()).example/\(id)"),
                    title: "Bridge reopens", published: now.addingTimeInterval(-3600), paragraphs: ["The bridge reopened."])
        }
        let articles = [article("a", "Herald"), article("b", "Gazette"), article("c", "Courier")]
        return Briefing(title: "Morning Briefing", periodStart: now.addingTimeInterval(-86_400), periodEnd: now, generatedAt: now,
                        stories: [Story(id: "w", headline: "Bridge reopens", articles: articles, sentences: [
                            SummarySentence(text: "The bridge reopened.", articleIndex: 1, paragraph: 0, sentence: 0),
                            SummarySentence(text: "Cyclists may use it.", articleIndex: 2, paragraph: 0, sentence: 0),
                        ])],
                        health: Health(feedsRead: 3, itemsRead: 3, itemsInWindow: 3))
    }

    /// Two briefings on disk, newest first: the fixed briefing and an empty one a day earlier.
    static func archive() -> [BriefingArchive.Entry] {
        let newest = BriefingContext(briefing(), timeZone: berlin)
        var empty = briefing()
        empty.stories = []
        empty.generatedAt = empty.generatedAt.addingTimeInterval(-86_400)
        empty.periodEnd = empty.generatedAt
        empty.periodStart = empty.generatedAt.addingTimeInterval(-86_400)
        let older = BriefingContext(empty, timeZone: berlin)
        return [BriefingArchive.Entry(name: newest.name, context: newest, formats: ["md", "html", "json"]),
                BriefingArchive.Entry(name: older.name, context: older, formats: ["md", "json"])]
    }
}
