import DigestFeeds
import DigestModel
import Foundation
import Testing

@Suite struct JSONFeedTests {
    @Test("a JSON Feed 1.1 document is read by content, whatever the file is called", arguments: ["https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1"])
    func jsonFeed(_ version: String) throws {
        let json = """
        {"version": "\(version)", "title": "Jay Son", "home_page_url": "https://json.example/", "language": "en",
         "description": "A JSON feed",
         "items": [
           {"id": 42, "url": "/posts/42", "title": "Number one", "content_html": "<p>Hello <b>JSON</b></p>",
            "summary": "Short & sweet", "date_published": "2026-11-20T08:00:00+01:00", "date_modified": "2026-11-21T08:00:00Z",
            "authors": [{"name": "Jo"}], "tags": ["a", "b"],
            "attachments": [{"url": "https://json.example/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 1000}]},
           {"id": "two", "content_text": "Plain <text>", "author": {"name": "Old Style"}}
         ]}
        """
        let feed = try FeedParser().parse(Data(json.utf8), url: URL(string: "https://json.example/feed.json"))
        #expect(feed.format == .jsonFeed)
        #expect(feed.title == "Jay Son")
        #expect(feed.subtitle == "A JSON feed")
        #expect(feed.link?.absoluteString == "https://json.example/")
        let first = feed.entries[0]
        #expect(first.id == "42")
        #expect(first.link?.absoluteString == "https://json.example/posts/42")
        #expect(first.contentHTML.map(HTMLText.text(fromHTML:)) == "Hello JSON")
        #expect(first.summaryHTML.map(HTMLText.text(fromHTML:)) == "Short & sweet")
        #expect(first.published?.ISO8601Format() == "2026-11-20T07:00:00Z")
        #expect(first.updated?.ISO8601Format() == "2026-11-21T08:00:00Z")
        #expect(first.author == "Jo")
        #expect(first.categories == ["a", "b"])
        #expect(first.enclosures == [Enclosure(url: URL(string: "https://json.example/a.mp3")!, type: "audio/mpeg", length: "1000")])
        #expect(feed.entries[1].contentHTML.map(HTMLText.text(fromHTML:)) == "Plain <text>")
        #expect(feed.entries[1].author == "Old Style")
    }

    @Test("JSON that is not a JSON Feed is refused with the reason")
    func notAFeed() {
        let error = #expect(throws: FeedError.self) { try FeedParser().parse(Data(#"{"version": "2", "items": []}"#.utf8)) }
        #expect(error?.description.contains("not a JSON Feed") == true)
        let broken = #expect(throws: FeedError.self) { try FeedParser().parse(Data(#"{"title": "no items"}"#.utf8)) }
        #expect(broken?.description.contains("version") == true)
    }
}
