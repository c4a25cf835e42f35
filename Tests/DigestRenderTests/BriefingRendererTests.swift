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

    @Test("the Markdown briefing of a fixed briefing matches its golden file", arguments: ["briefing.md", "briefing.html"])
    func golden(_ template: String) throws {
        try expectGolden(try renderer.render(context, template: template), template)
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
        #expect(try custom.render(context, template: "briefing.html") == renderer.render(context, template: "briefing.html"))
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
