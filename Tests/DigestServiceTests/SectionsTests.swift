import DigestRender
import DigestService
import Foundation
import Testing

/// `[[sections]]` end to end: tagged feeds (one through an OPML folder) briefed by the `digest`
/// binary, the grouping read back from every format it writes.
@Suite struct SectionsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/sections")

    /// A config with two sections, City (capped at two stories) and Sport (the OPML folder
    /// "Games"), and a feed in neither; its folder.
    static func makeConfig(more: String? = nil) throws -> (folder: URL, config: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-sections-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let opml = """
            <?xml version="1.0" encoding="utf-8"?>
            <opml version="2.0"><head><title>Subscriptions</title></head><body>
            <outline text="Games"><outline text="Harbourtown Sport" type="rss" xmlUrl="\(fixtures.appendingPathComponent("sport.xml").absoluteString)"/></outline>
            </body></opml>
            """
        try opml.write(to: folder.appendingPathComponent("feeds.opml"), atomically: true, encoding: .utf8)
        let config = """
            title = "Harbourtown Briefing"
            timezone = "Europe/Berlin"
            retention = "3650d"
            [briefing]
            window = "3650d"
            skip_briefed = false
            \(more.map { "more_section = \"\($0)\"" } ?? "")

            [[sections]]
            name = "City"
            tags = ["council", "city"]
            max_stories = 2

            [[sections]]
            name = "Sport"
            tags = ["games"]

            [[feeds]]
            url = "\(fixtures.appendingPathComponent("city.xml").path)"
            name = "Harbourtown Daily"
            tags = ["City"]

            [[feeds]]
            url = "\(fixtures.appendingPathComponent("misc.xml").path)"
            name = "Coastal Weather Notes"
            """
        let file = folder.appendingPathComponent("digest.toml")
        try config.write(to: file, atomically: true, encoding: .utf8)
        return (folder, file)
    }

    /// The headlines of `text` in the order they appear.
    static func order(_ text: String, _ needles: [String]) -> [String] {
        needles.compactMap { needle in text.range(of: needle).map { (needle, $0.lowerBound) } }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    @Test("two sections and the rest: Markdown, HTML, JSON, text and Atom group the stories the same way; a section's cap holds")
    func everyFormat() async throws {
        let (folder, config) = try Self.makeConfig()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await CLITests.capture(CLITests.binary, ["once", "--config", config.path])
        #expect(run.status == 0, "\(run.stderr)")
        let output = folder.appendingPathComponent("briefings")
        let name = try #require(run.stdout.split(separator: "\n").first.map { URL(fileURLWithPath: String($0)).deletingPathExtension().lastPathComponent })

        // JSON: the sections in config order, then More; City keeps its two best stories.
        let json = try Data(contentsOf: output.appendingPathComponent("\(name).json"))
        let context = try JSONDecoder().decode(BriefingContext.self, from: json)
        #expect(context.version == 2)
        #expect(context.hasSections == true)
        let sections = try #require(context.sections)
        #expect(sections.map(\.name) == ["City", "Sport", "More"])
        #expect(sections.map(\.storyCount) == [2, 2, 1])
        #expect(sections[0].stories.allSatisfy { $0.sources.first?.name == "Harbourtown Daily" })
        #expect(sections[1].stories.allSatisfy { $0.sources.first?.name == "Harbourtown Sport" })
        #expect(sections[2].stories.map(\.headline) == ["Dense fog expected over the estuary tonight"])
        #expect(context.stories.map(\.number) == Array(1...5), "stories are numbered in the order shown")
        #expect(context.stories.map(\.headline) == sections.flatMap { $0.stories.map(\.headline) })
        let cityHeadlines = sections[0].stories.map(\.headline)
        #expect(!cityHeadlines.contains("Leaking roof closes two classrooms at Millgate primary"), "the oldest city story is over the cap")

        // Markdown: `##` per section with its stories below as `###`.
        let markdown = try String(contentsOf: output.appendingPathComponent("\(name).md"), encoding: .utf8)
        #expect(Self.order(markdown, ["## City\n", "### 1. ", "### 2. ", "## Sport\n", "### 3. ", "### 4. ", "## More\n", "### 5. Dense fog"])
                == ["## City\n", "### 1. ", "### 2. ", "## Sport\n", "### 3. ", "### 4. ", "## More\n", "### 5. Dense fog"])
        #expect(!markdown.contains("Millgate"))

        // HTML: contents grouped by section, each section a <section> with its heading.
        let html = try String(contentsOf: output.appendingPathComponent("\(name).html"), encoding: .utf8)
        #expect(html.contains("<nav class=\"contents\" aria-label=\"In this briefing\">"))
        #expect(Self.order(html, ["href=\"#section-city\">City</a>", "href=\"#section-sport\">Sport</a>", "href=\"#section-more\">More</a>",
                                  "<section class=\"section\" id=\"section-city\"", "<section class=\"section\" id=\"section-sport\"",
                                  "<section class=\"section\" id=\"section-more\""]).count == 6)
        #expect(html.contains("<ol start=\"3\">"), "the Sport list continues the numbering")
        #expect(HTMLAudit.problems(html, allowedOwnLinks: { $0.hasPrefix("#") || $0 == "index.html" || $0 == "feed.xml" }).isEmpty)

        // Text, as `digest show` prints it.
        let show = try await CLITests.capture(CLITests.binary, ["show", "--config", config.path, "--format", "text"])
        #expect(show.status == 0)
        #expect(Self.order(show.stdout, ["CITY\n────", "1. ", "SPORT\n─────", "3. ", "MORE\n────", "5. Dense fog"])
                == ["CITY\n────", "1. ", "SPORT\n─────", "3. ", "MORE\n────", "5. Dense fog"])

        // Atom: the entry's content carries the sections too.
        let feed = try String(contentsOf: output.appendingPathComponent("feed.xml"), encoding: .utf8)
        #expect(Self.order(feed, ["section-title&quot; id=&quot;section-city-title&quot;&gt;City", "section-title&quot; id=&quot;section-sport-title&quot;&gt;Sport",
                                  "section-title&quot; id=&quot;section-more-title&quot;&gt;More"]).count == 3)

        try await ChromiumCheck.expectSections(page: output.appendingPathComponent("\(name).html"), names: ["City", "Sport", "More"],
                                         stories: context.stories.map { ($0.id, $0.headline) }, scratch: folder)
    }

    @Test("the last section's name comes from more_section; a section may not take it")
    func moreSectionName() async throws {
        let (folder, config) = try Self.makeConfig(more: "Elsewhere")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try ConfigLoader.load(config)
        #expect(loaded.storySections?.sections.map(\.name) == ["City", "Sport", "Elsewhere"])
        let clash = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "name = \"Sport\"", with: "name = \"Elsewhere\"")
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(clash, file: config) }
    }

    @Test("a section needs a name and tags; max_stories is a positive number", arguments: [
        ("[[sections]]\ntags = [\"a\"]\n", "sections[0]", "needs a name"),
        ("[[sections]]\nname = \"A\"\n", "sections[0]", "tags"),
        ("[[sections]]\nname = \"A\"\ntags = []\n", "sections[0].tags", "tags"),
        ("[[sections]]\nname = \"A\"\ntags = [\"a\"]\nmax_stories = 0\n", "sections[0].max_stories", "at least 1"),
        ("[[sections]]\nname = \"A\"\ntags = [\"a\"]\n[[sections]]\nname = \"A\"\ntags = [\"b\"]\n", "sections[1].name", "two sections"),
        ("[[sections]]\nname = \"A\"\ntags = [\"a\"]\ncolour = \"red\"\n", "sections[0].colour", "unknown key"),
    ])
    func badSections(_ text: String, key: String, message: String) throws {
        let file = URL(fileURLWithPath: "/tmp/sections.toml")
        do {
            _ = try ConfigLoader.parse(text, file: file)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(key), "\(error.description)")
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.line != nil, "names the line: \(error.description)")
        }
    }
}
