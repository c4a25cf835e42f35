import DigestFeeds
import DigestModel
import Foundation
import Testing

/// Inputs found by fuzzing and by hand that crashed the parsers, took time growing with the
/// square of their size, or got a misleading error (issue 14).
@Suite struct HostileInputTests {
    static let sentence = "The council approved the budget on Friday after a long debate about the harbour. "

    func text(_ html: String) throws -> String {
        try ArticleExtractor().extract(Data(html.utf8), url: URL(string: "https://news.example/a")).paragraphs.joined(separator: "\n")
    }

    @Test("a file holding only a byte-order mark is an empty document, not a parser failure")
    func bomOnly() {
        let error = #expect(throws: FeedError.self) { try FeedParser().parse(Data([0xEF, 0xBB, 0xBF])) }
        #expect(error == .empty)
        #expect(error?.description == "empty document")
    }

    @Test("a <feed> in a foreign namespace says which namespace, not that <feed> is not <feed>")
    func foreignRoot() {
        let error = #expect(throws: FeedError.self) {
            try FeedParser().parse(Data("<?xml version=\"1.0\"?><feed xmlns=\"http://example.org/x\"><title>x</title></feed>".utf8))
        }
        #expect(error?.description.contains("namespace \"http://example.org/x\"") == true, "\(String(describing: error))")
    }

    @Test("a JSON Feed attachment size beyond any file is dropped, the item kept", arguments: ["1e19", "-1e308", "-1", "1.5e300"])
    func attachmentSize(_ size: String) throws {
        let json = "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"id\":\"1\",\"title\":\"T\",\"attachments\":[{\"url\":\"http://a.example/u\",\"size_in_bytes\":\(size)}]}]}"
        let feed = try FeedParser().parse(Data(json.utf8))
        #expect(feed.entries.count == 1)
        #expect(feed.entries[0].enclosures.first?.length == nil)
        let fine = try FeedParser().parse(Data(json.replacingOccurrences(of: size, with: "12345").utf8))
        #expect(fine.entries[0].enclosures.first?.length == "12345")
    }

    @Test("table spans of any size are read as browsers cap them", arguments: [
        "<table><tr><td colspan=\"9223372036854775807\"><td></table>",
        "<table><tr rowspan=\"9223372036854775807\"><td>a</td></tr><tr rowspan=\"9223372036854775807\"><td>b</td></tr></table>",
        "<table><tr rowspan=\"-9223372036854775807\"><td>a</td><td>b</td></tr></table>",
    ])
    func spans(_ table: String) throws {
        #expect(try text(table + "<p>" + String(repeating: Self.sentence, count: 5) + "</p>").contains("harbour"))
    }

    @Test("an element with 40,000 attributes keeps its first 256 and its text")
    func manyAttributes() throws {
        let tag = "<div " + (0..<40_000).map { "a\($0)=x" }.joined(separator: " ") + ">"
        let html = tag + "<p>" + String(repeating: Self.sentence, count: 5) + "</p></div>"
        #expect(try text(html).contains("harbour"))
        let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item "
            + (0..<50_000).map { "a\($0)='x'" }.joined(separator: " ") + "><title>One</title></item></channel></rss>"
        #expect(try FeedParser().parse(Data(feed.utf8)).entries.first?.title == "One")
    }

    @Test("200,000 scripts before the article are stripped in one pass")
    func manyScripts() throws {
        let html = "<html><body>" + String(repeating: "<script>x</script>", count: 200_000) + "<p>" + String(repeating: Self.sentence, count: 5) + "</p></body></html>"
        #expect(try text(html).contains("harbour"))
    }

    @Test("bad bytes in a declared legacy charset cost one character each, not the rest of the page")
    func legacyBadBytes() throws {
        var page = Array("<html><head><meta charset=\"shift_jis\"></head><body><p>".utf8) + Array(String(repeating: Self.sentence, count: 3).utf8)
        page += [0xFF, 0xFE, 0x80, 0x42] + Array("</p><p>".utf8) + Array(String(repeating: Self.sentence, count: 3).utf8) + Array("</p></body></html>".utf8)
        let text = try ArticleExtractor().extract(Data(page), url: URL(string: "https://news.example/a")).paragraphs.joined(separator: " ")
        #expect(text.components(separatedBy: "harbour").count - 1 == 6)
    }
}
