import DigestModel
import DigestRender
import Foundation
import Testing

@Suite struct PublisherTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-publish-\(UUID().uuidString)")

    func publisher(keep: Int? = nil, formats: [String] = ["md", "html"]) throws -> BriefingPublisher {
        BriefingPublisher(renderer: try BriefingRenderer(defaults: RenderFixtures.templates), writer: try OutputWriter(folder: folder),
                          formats: formats, timeZone: RenderFixtures.berlin, keep: keep)
    }

    func briefing(hoursLater hours: Double, headline: String) -> Briefing {
        var briefing = RenderFixtures.briefing(headline: headline)
        briefing.generatedAt += hours * 3600
        briefing.periodEnd = briefing.generatedAt
        return briefing
    }

    func text(_ name: String) throws -> String { try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }

    @Test("a briefing is written as NAME.md/.html/.json, latest.*, then index.html and feed.xml last")
    func layout() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try publisher().publish(briefing(hoursLater: 0, headline: "First"))
        #expect(written.map(\.lastPathComponent) == ["2026-11-28.md", "2026-11-28.html", "2026-11-28.json",
                                                     "latest.md", "latest.html", "index.html", "feed.xml"])
        #expect(try text("latest.html") == text("2026-11-28.html"))
        let context = try JSONDecoder().decode(BriefingContext.self, from: Data(contentsOf: folder.appendingPathComponent("2026-11-28.json")))
        #expect(context.stories.first?.headline == "First")
        #expect(context.name == "2026-11-28")
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test("later briefings that day get -HHMM (and -HHMM-2 in the same minute); index and feed list all, newest first")
    func secondBriefings() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let publisher = try publisher()
        try publisher.publish(briefing(hoursLater: 0, headline: "Morning"))
        try publisher.publish(briefing(hoursLater: 10, headline: "Evening"))
        try publisher.publish(briefing(hoursLater: 10, headline: "Evening again"))
        let names = BriefingArchive(folder: folder).entries().entries.map(\.name)
        #expect(names == ["2026-11-28-1800-2", "2026-11-28-1800", "2026-11-28"])
        #expect(try text("latest.md").contains("Evening again"))
        let index = try text("index.html")
        let positions = ["2026-11-28-1800-2.html", "2026-11-28-1800.html", "2026-11-28.html"].map { index.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(index.contains(">Saturday 28 November 2026, 18:00<"), "a day with several briefings says their times")
        let feed = try text("feed.xml")
        #expect(feed.components(separatedBy: "<entry>").count == 4)
        #expect(feed.contains("&lt;h2&gt;")) // each entry's content is the briefing's HTML, escaped once
    }

    @Test("briefing.keep prunes the oldest briefings' files and leaves the newest")
    func retention() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let publisher = try publisher(keep: 2)
        for day in 0..<4 { try publisher.publish(briefing(hoursLater: Double(day) * 24, headline: "Day \(day)")) }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["2026-11-30.html", "2026-11-30.json", "2026-11-30.md", "2026-12-01.html", "2026-12-01.json", "2026-12-01.md",
                          "feed.xml", "index.html", "latest.html", "latest.md"])
        #expect(try !text("index.html").contains("2026-11-28"))
    }

    @Test("a damaged .json in the folder is reported by name and the others are still indexed")
    func damagedArchive() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "{\"title\": 3}".write(to: folder.appendingPathComponent("2026-01-01.json"), atomically: true, encoding: .utf8)
        try publisher().publish(briefing(hoursLater: 0, headline: "Fine"))
        let (entries, problems) = BriefingArchive(folder: folder).entries()
        #expect(entries.map(\.name) == ["2026-11-28"])
        #expect(problems.count == 1 && problems[0].contains("2026-01-01.json"))
    }

    @Test("finding a briefing by latest, day, name", arguments: [("latest", "2026-11-28-1800"), ("2026-11-28", "2026-11-28-1800"),
                                                                ("2026-11-28-1800", "2026-11-28-1800"), ("2026-11-27", nil)] as [(String, String?)])
    func find(_ which: String, _ expected: String?) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let publisher = try publisher(formats: ["md"])
        try publisher.publish(briefing(hoursLater: 0, headline: "Morning"))
        try publisher.publish(briefing(hoursLater: 10, headline: "Evening"))
        let archive = BriefingArchive(folder: folder)
        #expect(archive.find(which, in: archive.entries().entries)?.name == expected)
    }

    @Test("briefing names", arguments: [("2026-11-28", true), ("2026-11-28-0710", true), ("2026-11-28-0710-3", true),
                                        ("latest", false), ("index", false), ("2026-11", false), ("2026-11-28-07", false)])
    func names(_ name: String, _ valid: Bool) {
        #expect(BriefingArchive.isBriefingName(name) == valid)
    }
}
