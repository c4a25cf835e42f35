import DigestFeeds
import Foundation
import Testing

@Suite struct FeedDateTests {
    static let cases: [(String, String?)] = [
        ("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("Thu, 01 Jan 2004 19:48:21 +0000", "2004-01-01T19:48:21Z"),
        ("Thu, 01 Jan 2004 19:48:21 -0500", "2004-01-02T00:48:21Z"),
        ("Thu, 01 Jan 2004 19:48:21 EST", "2004-01-02T00:48:21Z"),
        ("Thu, 01 Jan 2004 19:48 PDT", "2004-01-02T02:48:00Z"),
        ("01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("Mon, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("Thu,01 Jan 2004 19:48:21 +05:30", "2004-01-01T14:18:21Z"),
        ("Sun, 22 november 2026 07:00:00 CET", "2026-11-22T06:00:00Z"),
        ("2003-12-13T18:30:02Z", "2003-12-13T18:30:02Z"),
        ("2003-12-13T18:30:02.25+01:00", "2003-12-13T17:30:02Z"),
        ("2003-12-13T18:30:02-0800", "2003-12-14T02:30:02Z"),
        ("2003-12-13 18:30", "2003-12-13T18:30:00Z"),
        ("2003-12-13", "2003-12-13T00:00:00Z"),
        ("2003-12", "2003-12-01T00:00:00Z"),
        ("2003", "2003-01-01T00:00:00Z"),
        ("20031213T183002Z", "2003-12-13T18:30:02Z"),
        ("2004-02-29T00:00:00Z", "2004-02-29T00:00:00Z"),
        ("2003-02-29T00:00:00Z", nil),
        ("2003-13-01", nil),
        ("yesterday", nil),
        ("", nil),
    ]

    @Test("feed dates parse to the right instant, and nonsense to nil", arguments: cases)
    func parses(_ raw: String, _ expected: String?) {
        #expect(FeedDate.parse(raw)?.ISO8601Format() == expected)
    }
}
