import DigestModel
import Foundation

/// A JSON Feed 1.0 or 1.1 document (https://jsonfeed.org/version/1.1) as written.
struct JSONFeedDocument: Decodable {
    struct Author: Decodable {
        var name: String?
        var url: String?
    }

    struct Attachment: Decodable {
        var url: String?
        var mimeType: String?
        var sizeInBytes: Double?

        enum CodingKeys: String, CodingKey {
            case url, mimeType = "mime_type", sizeInBytes = "size_in_bytes"
        }
    }

    struct Item: Decodable {
        var id: LooseString?
        var url: String?
        var externalURL: String?
        var title: String?
        var contentHTML: String?
        var contentText: String?
        var summary: String?
        var datePublished: String?
        var dateModified: String?
        var author: Author?
        var authors: [Author]?
        var tags: [String]?
        var attachments: [Attachment]?

        enum CodingKeys: String, CodingKey {
            case id, url, externalURL = "external_url", title, contentHTML = "content_html", contentText = "content_text", summary
            case datePublished = "date_published", dateModified = "date_modified", author, authors, tags, attachments
        }
    }

    var version: String
    var title: String?
    var homePageURL: String?
    var description: String?
    var language: String?
    var items: [Item]

    enum CodingKeys: String, CodingKey {
        case version, title, homePageURL = "home_page_url", description, language, items
    }

    /// JSON Feed ids are strings, but feeds write numbers too.
    struct LooseString: Decodable {
        var value: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) { value = string }
            else if let int = try? container.decode(Int.self) { value = String(int) }
            else { value = String(try container.decode(Double.self)) }
        }
    }

    static func isJSONFeed(_ bytes: [UInt8]) -> Bool {
        bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } == UInt8(ascii: "{")
    }

    static func parse(_ bytes: [UInt8], base: URL?) throws(FeedError) -> ParsedFeed {
        let document: JSONFeedDocument
        do {
            document = try JSONDecoder().decode(JSONFeedDocument.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw .invalidJSON(Self.describe(error))
        } catch {
            throw .invalidJSON(error.localizedDescription)
        }
        guard document.version.hasPrefix("https://jsonfeed.org/version/") || document.version.hasPrefix("http://jsonfeed.org/version/") else {
            throw .invalidJSON("\"version\" is \"\(document.version.prefix(80))\", not a JSON Feed version URL")
        }
        return document.adapted(base: base)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.map(\.stringValue).joined(separator: ".") + ": " + context.debugDescription
        @unknown default: "\(error)"
        }
    }

    /// An attachment's `size_in_bytes` as a whole count: a negative, fractional-overflow or
    /// astronomical number (1e19) is dropped rather than converted (which would trap).
    static func byteCount(_ value: Double) -> String? {
        guard value.isFinite, value >= 0, value < 1e15 else { return nil }
        return String(Int(value.rounded()))  // range-checked: finite, 0 ≤ value < 1e15 (above)
    }

    func adapted(base: URL?) -> ParsedFeed {
        func resolve(_ raw: String?) -> URL? {
            guard let raw, !raw.isEmpty else { return nil }
            return URL(string: raw, relativeTo: base)?.absoluteURL
        }
        return ParsedFeed(
            format: .jsonFeed,
            title: title,
            link: resolve(homePageURL),
            subtitle: description,
            language: language,
            entries: items.map { item in
                FeedEntry(
                    id: item.id?.value,
                    title: item.title,
                    link: resolve(item.url ?? item.externalURL),
                    author: (item.authors?.first ?? item.author)?.name,
                    published: item.datePublished.flatMap(FeedDate.parse),
                    updated: item.dateModified.flatMap(FeedDate.parse),
                    summaryHTML: item.summary.map(HTMLEscape.escape),
                    contentHTML: item.contentHTML ?? item.contentText.map(HTMLEscape.escape),
                    categories: item.tags ?? [],
                    enclosures: (item.attachments ?? []).compactMap { attachment in
                        resolve(attachment.url).map { Enclosure(url: $0, type: attachment.mimeType, length: attachment.sizeInBytes.flatMap(Self.byteCount)) }
                    }
                )
            }
        )
    }
}
