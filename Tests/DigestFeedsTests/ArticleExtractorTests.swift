import DigestFeeds
import DigestModel
import Foundation
import Testing

/// Extraction cases: `Pages/<case>/source.html` and the text a reader expects in `expected.txt`.
@Suite struct ArticleExtractorTests {
    static let pages = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Pages")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: pages.path)) ?? []).sorted()
    }

    @Test("the article text of a page is its paragraphs, without navigation, asides, comments, ads or hidden text", arguments: cases)
    func page(_ name: String) throws {
        let folder = Self.pages.appendingPathComponent(name)
        let source = try Data(contentsOf: folder.appendingPathComponent("source.html"))
        let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
        let page = try ArticleExtractor().extract(source, url: URL(string: "https://news.example/\(name)"))
        #expect(page.text == expected.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("metadata comes from meta tags, Open Graph and the canonical link, resolved against the page's URL")
    func metadata() throws {
        let source = try Data(contentsOf: Self.pages.appendingPathComponent("news-article/source.html"))
        let page = try ArticleExtractor().extract(source, url: URL(string: "https://courier.example/news/2026/footbridge.html"))
        #expect(page.title == "Valley council approves new footbridge")
        #expect(page.byline == "Hana Lindqvist")
        #expect(page.siteName == "The Riverside Courier")
        #expect(page.language == "en-GB")
        #expect(page.canonicalURL?.absoluteString == "https://courier.example/news/footbridge")
        #expect(page.published == Date(timeIntervalSince1970: 1_795_167_000))
        #expect(page.method == "readability")
        // Without the page's own address a relative canonical link cannot be made absolute.
        #expect(try ArticleExtractor().extract(source).canonicalURL == nil)
    }

    @Test("a page rendered by script falls back to its JSON-LD article body, and says so")
    func jsonLD() throws {
        let source = try Data(contentsOf: Self.pages.appendingPathComponent("json-ld-fallback/source.html"))
        let page = try ArticleExtractor().extract(source)
        #expect(page.method == "json-ld")
        #expect(page.byline == "Jonas Brandt")
        #expect(page.siteName == "Talbote")
        #expect(!page.notes.isEmpty)
    }

    @Test("an article hidden until a script shows it is read from the densest run of paragraphs, and the page says so")
    func densestRun() throws {
        let source = try Data(contentsOf: Self.pages.appendingPathComponent("hidden-until-script/source.html"))
        let page = try ArticleExtractor().extract(source)
        #expect(page.method == "paragraphs")
        #expect(page.paragraphs.count == 3)
        #expect(page.notes.contains { $0.contains("densest run of paragraphs") })
    }

    @Test("the title without the site's name, when the page has no metadata", arguments: [
        ("Night trains return to the northern line | Rail News", "Night trains return to the northern line"),
        ("Rail News - Night trains return to the northern line", "Night trains return to the northern line"),
        ("Short | Site", "Short | Site"),
    ])
    func title(_ documentTitle: String, _ expected: String) throws {
        let html = "<html><head><title>\(documentTitle)</title></head><body><p>" + String(repeating: "A sentence of body text, long enough. ", count: 20) + "</p></body></html>"
        #expect(try ArticleExtractor().extract(Data(html.utf8)).title == expected)
    }

    @Test("a wrong charset declaration is noted; declared Latin-1 is read as Windows-1252")
    func charset() throws {
        let wrong = try ArticleExtractor().extract(Data(contentsOf: Self.pages.appendingPathComponent("utf8-wrong-declaration/source.html")))
        #expect(wrong.notes.contains { $0.contains("ISO-8859-2") && $0.contains("UTF-8") })
        let latin = try ArticleExtractor().extract(Data(contentsOf: Self.pages.appendingPathComponent("latin1-declared/source.html")))
        #expect(latin.text.contains("“We were not asked,” said Zoë Müller"))
    }

    @Test("empty, oversized and textless pages are errors that say what was wrong")
    func errors() {
        #expect(throws: ExtractionError.empty) { try ArticleExtractor().extract(Data("  \n".utf8)) }
        #expect(throws: ExtractionError.tooLarge(limit: 10)) { try ArticleExtractor(maxBytes: 10).extract(Data(String(repeating: "x", count: 11).utf8)) }
        #expect(throws: ExtractionError.noText) { try ArticleExtractor().extract(Data("<html><body><img src=a.png></body></html>".utf8)) }
        #expect(ExtractionError.noText.description == "no article text was found in the page")
    }

    @Test("a short page is still extracted: the looser attempts keep the longest text")
    func shortPage() throws {
        let page = try ArticleExtractor().extract(Data("<html><body><div class=\"sidebar\"><p>Only this short note is here.</p></div></body></html>".utf8))
        #expect(page.text == "Only this short note is here.")
    }
}
