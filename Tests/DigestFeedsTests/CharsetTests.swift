import DigestFeeds
import Foundation
import Testing

/// Feeds in the encodings users meet, built byte by byte.
@Suite struct CharsetTests {
    /// An RSS document whose title is `title`, encoded by `encode`, with `declaration` as its XML declaration.
    static func feed(declaration: String, title: [UInt8]) -> Data {
        Data(Array("\(declaration)<rss><channel><title>".utf8) + title + Array("</title></channel></rss>".utf8))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let data: Data
        var contentType: String? = nil
        let title: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "UTF-8 without a declaration", data: feed(declaration: "", title: Array("Grüße".utf8)), title: "Grüße"),
        Case(name: "UTF-8 with a BOM", data: Data([0xEF, 0xBB, 0xBF]) + feed(declaration: "<?xml version=\"1.0\"?>", title: Array("Ünï".utf8)), title: "Ünï"),
        Case(name: "windows-1251 Cyrillic through iconv", data: feed(declaration: "<?xml version=\"1.0\" encoding=\"windows-1251\"?>",
                                                                     title: [0xCD, 0xEE, 0xE2, 0xEE, 0xF1, 0xF2, 0xE8]), title: "Новости"),
        Case(name: "KOI8-R Cyrillic", data: feed(declaration: "<?xml version=\"1.0\" encoding=\"KOI8-R\"?>",
                                                 title: [0xEE, 0xCF, 0xD7, 0xCF, 0xD3, 0xD4, 0xC9]), title: "Новости"),
        Case(name: "ISO-8859-2 Central European", data: feed(declaration: "<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?>",
                                                             title: [0xA9, 0x6B, 0x6F, 0x64, 0x61]), title: "Škoda"),
        Case(name: "ISO-8859-7 Greek", data: feed(declaration: "<?xml version=\"1.0\" encoding=\"iso-8859-7\"?>",
                                                  title: [0xE5, 0xE9, 0xE4, 0xDE, 0xF3, 0xE5, 0xE9, 0xF2]), title: "ειδήσεις"),
        Case(name: "ISO-8859-1 that carries Windows-1252 quotes", data: feed(declaration: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
                                                                           title: [0x93, 0x43, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x96, 0x20, 0x6F, 0x6B]), title: "“Café” – ok"),
        Case(name: "valid UTF-8 mislabelled ISO-8859-1: UTF-8 wins", data: feed(declaration: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
                                                                              title: Array("Zürich".utf8)), title: "Zürich"),
        Case(name: "declared UTF-8 but not: read as Windows-1252", data: feed(declaration: "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                                                                            title: [0x4D, 0xFC, 0x6E, 0x63, 0x68, 0x65, 0x6E]), title: "München"),
        Case(name: "the HTTP charset overrides the declaration", data: feed(declaration: "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                                                                         title: [0xCD, 0xEE, 0xE2, 0xEE, 0xF1, 0xF2, 0xE8]),
             contentType: "application/rss+xml; charset=windows-1251", title: "Новости"),
        Case(name: "UTF-8 carrying C1 controls for quotes", data: feed(declaration: "", title: [0x64, 0x6F, 0x6E, 0xC2, 0x92, 0x74]), title: "don’t"),
        Case(name: "UTF-16 little-endian with a BOM", data: Data([0xFF, 0xFE]) + Data("<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><title>Ĳssel</title></channel></rss>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }), title: "Ĳssel"),
        Case(name: "UTF-16 big-endian without a BOM", data: Data("<?xml version=\"1.0\" encoding=\"UTF-16BE\"?><rss><channel><title>Ωmega</title></channel></rss>".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }), title: "Ωmega"),
    ]

    @Test("titles decode to the right characters", arguments: cases)
    func decodes(_ fixture: Case) throws {
        let feed = try FeedParser().parse(fixture.data, contentType: fixture.contentType)
        #expect(feed.title == fixture.title)
    }

    @Test("a wrong declaration is reported as a warning")
    func warns() throws {
        let feed = try FeedParser().parse(Self.feed(declaration: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", title: Array("Zürich".utf8)))
        #expect(feed.warnings.contains { $0.contains("UTF-8") })
    }
}
