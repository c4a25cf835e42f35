import DigestModel
import DigestRender
import Foundation
import Testing

@Suite struct BriefingRendererTests {
    let renderer: BriefingRenderer
    let context = BriefingContext(RenderFixtures.briefing(), timeZone: RenderFixtures.berlin)

    init() throws {
        renderer = try BriefingRenderer(defaults: RenderFixtures.templates)
    }

    /// Compares with the golden file; `DIGEST_RECORD=1` rewrites it and fails, so a recording
    /// run is never mistaken for a passing one.
    func expectGolden(_ actual: String, _ name: String) throws {
        let file = RenderFixtures.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["DIGEST_RECORD"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded \(file.path); run again without DIGEST_RECORD")
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "differs from \(name); DIGEST_RECORD=1 rewrites it")
    }

    @Test("every default briefing template renders a fixed briefing as its golden file", arguments: ["briefing.md", "briefing.html", "briefing-body.html"])
    func golden(_ template: String) throws {
        try expectGolden(try renderer.render(context, template: template), template)
    }

    @Test("an opinion piece is labelled Opinion, cited or among those who also reported")
    func opinionLabel() throws {
        var cited = RenderFixtures.wireStory()
        cited.stories[0].articles[1].isOpinion = true
        let citedContext = BriefingContext(cited, timeZone: RenderFixtures.berlin)
        #expect(try renderer.render(citedContext, template: "briefing.md").contains("**Gazette** (Opinion):"))
        #expect(try renderer.render(citedContext, template: "briefing-body.html").contains("Gazette</span> <span class=\"label\">Opinion</span>"))
        var also = RenderFixtures.wireStory()
        also.stories[0].sentences.removeLast()
        also.stories[0].articles[2].isOpinion = true
        let alsoContext = BriefingContext(also, timeZone: RenderFixtures.berlin)
        #expect(try renderer.render(alsoContext, template: "briefing.md").contains("[Courier](<https://courier.example/c>) (Opinion)"))
        #expect(try renderer.render(alsoContext, template: "briefing-body.html").contains("Courier</a> <span class=\"label\">Opinion</span>"))
        #expect(try !renderer.render(context, template: "briefing.md").contains("Opinion"))
    }

    @Test("the index and the feed of a fixed archive match their golden files")
    func goldenArchive() throws {
        let entries = RenderFixtures.archive()
        try expectGolden(try renderer.render(ArchiveContext(entries, title: "Morning Briefing"), template: "index.html"), "index.html")
        let feed = FeedContext(entries, title: "Morning Briefing", key: "/srv/briefings", baseURL: URL(string: "https://news.example/brief"),
                               version: "test") { (try? renderer.render($0.context, template: "briefing-body.html")) ?? "" }
        try expectGolden(try renderer.render(feed, template: "feed.atom"), "feed.xml")
    }

    @Test("the terminal text of a fixed briefing matches its golden file, and bold only when asked")
    func goldenText() throws {
        try expectGolden(BriefingText(width: 72).render(context), "briefing.txt")
        let bold = BriefingText(width: 72, bold: true).render(context)
        #expect(bold.contains("\u{1B}[1mMorning Briefing\u{1B}[0m"))
        #expect(!BriefingText(width: 72).render(context).contains("\u{1B}"))
    }

    @Test("terminal text wraps at the width; a word longer than a line stands alone", arguments: [30, 50, 72])
    func wrapping(_ width: Int) {
        let text = BriefingText(width: width).render(context)
        for line in text.split(separator: "\n") where !line.contains("://") {
            #expect(line.count <= width, "\(line)")
        }
    }

    @Test("a 10,000-character headline or sentence is shortened at a word, with an ellipsis")
    func longText() throws {
        let word = "overlong "
        let huge = BriefingContext(RenderFixtures.briefing(headline: String(repeating: word, count: 1200), text: String(repeating: word, count: 1200) + "end."),
                                   timeZone: RenderFixtures.berlin)
        let headline = huge.stories[0].headline
        #expect(headline.count <= 240)
        #expect(headline.hasSuffix("overlong…"))
        #expect(huge.stories[0].sentences[0].text.count <= 800)
        let html = try renderer.render(huge, template: "briefing.html")
        #expect(html.utf8.count < 12_000)
    }

    @Test("control characters never reach a briefing (they are not even allowed in the feed's XML)")
    func controlCharacters() {
        let context = BriefingContext(RenderFixtures.briefing(headline: "Bell\u{07} and\u{0B}tab\u{0}", text: "Line\u{1B}[31m one."),
                                      timeZone: RenderFixtures.berlin)
        #expect(context.stories[0].headline == "Bell and tab")
        #expect(context.stories[0].sentences[0].text == "Line [31m one.")
    }

    @Test("sources are numbered as first cited; uncited outlets are 'also reported by', once each")
    func alsoReportedBy() {
        let context = BriefingContext(RenderFixtures.wireStory(), timeZone: RenderFixtures.berlin)
        let story = context.stories[0]
        #expect(story.sources.map(\.name) == ["Gazette", "Courier"])
        #expect(story.sentences.map(\.citation) == [1, 2])
        #expect(story.alsoReportedBy.map(\.name) == ["Herald"])
        #expect(story.outletsText == "3 outlets")
    }

    @Test("Markdown escapes text that would start a list or a heading at the start of a line")
    func markdownLineStarts() throws {
        let context = BriefingContext(RenderFixtures.briefing(text: "2026. A year of repairs."), timeZone: RenderFixtures.berlin)
        let markdown = try renderer.render(context, template: "briefing.md")
        #expect(markdown.contains("\n2026\\. A year of repairs."))
    }

    @Test("Markdown escapes feed text so it cannot become markup")
    func markdownEscapes() throws {
        let markdown = try renderer.render(context, template: "briefing.md")
        #expect(markdown.contains("Council approves \\*new\\* budget"))
        #expect(markdown.contains("Storm \\<warning\\>"))
        #expect(!markdown.contains("javascript:"))
    }

    @Test("HTML escapes feed text and keeps only http(s) links")
    func htmlEscapes() throws {
        let hostile = BriefingContext(RenderFixtures.briefing(headline: "<script>alert(1)</script>", text: "<img src=x onerror=alert(1)> \"quoted\""),
                                      timeZone: RenderFixtures.berlin)
        let html = try renderer.render(hostile, template: "briefing.html")
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(!html.lowercased().contains("javascript:"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("href=\"https://courier.example/budget?id=1&amp;x=2\""))
    }

    @Test("a user folder overrides one template and leaves the others alone")
    func overrides() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{{% CONTENT_TYPE: MARKDOWN }}\nMINE: {{title}} ({{health.storyCount}})\n".write(
            to: folder.appendingPathComponent("briefing.md.mustache"), atomically: true, encoding: .utf8)
        let custom = try BriefingRenderer(defaults: RenderFixtures.templates, overrides: folder)
        #expect(try custom.render(context, template: "briefing.md") == "MINE: Morning Briefing (2)\n")
        for template in ["briefing.html", "briefing-body.html"] {
            #expect(try custom.render(context, template: template) == renderer.render(context, template: template))
        }
        let index = ArchiveContext(RenderFixtures.archive(), title: "T")
        #expect(try custom.render(index, template: "index.html") == renderer.render(index, template: "index.html"))
    }

    @Test("a template with a syntax error is reported with its file and line")
    func syntaxError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "line one\n{{#stories}}\n{{headline}}\n{{/storiez}}\n".write(
            to: folder.appendingPathComponent("briefing.md.mustache"), atomically: true, encoding: .utf8)
        let error = #expect(throws: TemplateError.self) { try BriefingRenderer(defaults: RenderFixtures.templates, overrides: folder) }
        #expect(error?.file.hasSuffix("briefing.md.mustache") == true)
        #expect(error?.line == 4)
    }

    @Test("only http and https URLs with a host become links", arguments: [
        ("https://a.example/x", "https://a.example/x"),
        ("http://a.example/a(b)", "http://a.example/a%28b%29"),
        ("javascript:alert(1)", nil),
        ("JAVASCRIPT:alert(1)", nil),
        ("data:text/html,hi", nil),
        ("file:///etc/passwd", nil),
        ("mailto:a@b.example", nil),
    ] as [(String, String?)])
    func safeLinks(_ raw: String, _ expected: String?) {
        #expect(SafeLink.http(URL(string: raw)) == expected)
    }

    @Test("a citation follows the last sentence of a run from one source")
    func citations() {
        #expect(context.stories[0].sentences.map(\.cite) == [false, true])
    }
}

@Suite struct OutputWriterTests {
    @Test("a write replaces the file whole and leaves no temporary file behind")
    func atomic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try OutputWriter(folder: folder)
        try writer.write("first", as: "a.md")
        try writer.write("second", as: "a.md")
        #expect(try String(contentsOf: folder.appendingPathComponent("a.md"), encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.md"])
    }

    @Test("an output folder that cannot be created is a clear error")
    func unwritable() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-file-\(UUID().uuidString)")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let error = #expect(throws: OutputError.self) { try OutputWriter(folder: file.appendingPathComponent("sub")) }
        #expect(error?.description.contains(file.path) == true)
    }
}
