import DigestModel
import DigestText

/// Takes page furniture out of articles before they are compared and summarised.
///
/// - A paragraph that occurs twice in one article is template, not writing (a disclaimer at the
///   top and the bottom, a "subscribe" box): every occurrence goes.
/// - A paragraph that recurs in `minimumArticles` articles of one source (or in every article
///   of a source with at least two) is that site's furniture ("Last news in …", a standard
///   credit, a legal notice): it goes from all of them. (The idea of jusText's and Boilerpipe's
///   cross-page templates: Pomikálek 2011; Kohlschütter et al. 2010.)
/// - A paragraph that repeats the headline (a caption or a second title) goes.
/// - A metadata prefix glued to the first paragraph ("date 2025-06-20 Moscow, June 20 (IANS)")
///   and a wire dateline are taken off.
public struct Boilerplate: Sendable {
    /// Articles of one source a paragraph must recur in to count as the site's furniture.
    public var minimumArticles: Int

    /// Creates the filter.
    public init(minimumArticles: Int = 3) {
        self.minimumArticles = minimumArticles
    }

    /// The articles with furniture removed (an article left empty keeps its title only).
    public func clean(_ articles: [Article]) -> [Article] {
        // Each paragraph's key is made once, in parallel (it was most of this stage's time on
        // a day of 15,000 articles), and held as a 64-bit hash (the keys themselves, a second
        // copy of a day's text, took 130 MB at 60,000 articles), with what the key says.
        let keys = parallelMap(articles.count, minimum: 64, makeState: {}) { _, index in
            let title = Self.key(articles[index].title)
            return articles[index].paragraphs.map { paragraph -> Key in
                let key = Self.key(paragraph)
                let isTitle = !title.isEmpty && (key == title || (key.hasPrefix(title) && key.count - title.count <= 4))
                return Key(hash: key.isEmpty ? 0 : StableHash.fnv1a(key), isEmpty: key.isEmpty, isTitle: isTitle)
            }
        }
        var perSource: [String: [UInt64: Int]] = [:]
        var articlesPerSource: [String: Int] = [:]
        for (index, article) in articles.enumerated() {
            articlesPerSource[article.sourceID, default: 0] += 1
            for key in Set(keys[index].filter { !$0.isEmpty }.map(\.hash)) {
                perSource[article.sourceID, default: [:]][key, default: 0] += 1
            }
        }
        return articles.enumerated().map { index, article in
            let counts = perSource[article.sourceID] ?? [:]
            let sourceSize = articlesPerSource[article.sourceID] ?? 1
            var withinArticle: [UInt64: Int] = [:]
            for key in keys[index] { withinArticle[key.hash, default: 0] += 1 }
            var cleaned = article
            cleaned.paragraphs = zip(article.paragraphs, keys[index]).compactMap { paragraph, key -> String? in
                if key.isEmpty || withinArticle[key.hash, default: 0] > 1 { return nil }
                let recurring = counts[key.hash, default: 0]
                if recurring >= minimumArticles || (sourceSize >= 2 && recurring == sourceSize) { return nil }
                if key.isTitle { return nil }
                return paragraph
            }
            if let first = cleaned.paragraphs.first {
                let stripped = Self.stripLeadingMetadata(first)
                // The same text is not stored twice.
                if stripped.isEmpty { cleaned.paragraphs.removeFirst() } else if stripped != first { cleaned.paragraphs[0] = stripped }
            }
            return cleaned
        }
    }

    /// A paragraph's key as the filter reads it.
    struct Key {
        var hash: UInt64
        var isEmpty: Bool
        var isTitle: Bool
    }

    /// Lower case, letters and digits only: "Read more »" and "read more" are one paragraph.
    static func key(_ paragraph: String) -> String {
        // ASCII text, most of it, byte by byte; the same rules as below.
        if paragraph.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(paragraph.utf8.count)
            var pendingSpace = false
            for byte in paragraph.utf8 {
                if byte == 0x20 {
                    if !bytes.isEmpty { pendingSpace = true }
                    continue
                }
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                guard (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) else { continue }
                if pendingSpace {
                    bytes.append(0x20)
                    pendingSpace = false
                }
                bytes.append(lower)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(String.UnicodeScalarView(paragraph.lowercased().unicodeScalars.filter {
            $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == " "
        })).split(separator: " ").joined(separator: " ")
    }

    /// "date 2025-06-20", "Published: 2025-06-20 10:00", then a dateline.
    static func stripLeadingMetadata(_ paragraph: String) -> String {
        var text = Substring(paragraph).drop { $0.isWhitespace }
        for label in ["date", "published", "updated", "posted"] {
            guard text.lowercased().hasPrefix(label) else { continue }
            var rest = text.dropFirst(label.count).drop { $0 == ":" || $0 == " " }
            // Digits and separators; a "T" only between digits (ISO 8601's date-time separator).
            var length = 0
            var characters = Array(rest.prefix(40))
            characters.append(" ")
            while length < characters.count - 1 {
                let character = characters[length]
                let isSeparatorT = character == "T" && length > 0 && characters[length - 1].isNumber && characters[length + 1].isNumber
                guard character.isNumber || "-/.: ".contains(character) || isSeparatorT else { break }
                length += 1
            }
            if rest.prefix(length).filter(\.isNumber).count >= 6 {
                rest = rest.dropFirst(length)
                text = rest.drop { $0.isWhitespace }
            }
        }
        return Dateline.split(String(text)).rest
    }
}
