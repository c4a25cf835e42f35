import Foundation

/// One subscription: where to read a feed and how to treat what it carries.
public struct FeedSource: Sendable, Hashable, Codable {
    /// A stable slug that names the feed in state, logs and the briefing's health section.
    public var id: String
    /// Where the feed lives: `http(s)://` or `file://`.
    public var url: URL
    /// The name readers see; the feed's own title when empty.
    public var name: String
    /// Whether the linked article pages are fetched for their full text.
    public var fullText: Bool
    /// How much this feed's stories count when ranking (1 is neutral).
    public var weight: Double
    /// Free-form labels from the config.
    public var tags: [String]

    /// Creates a source; `id` defaults to a slug of the URL.
    public init(id: String? = nil, url: URL, name: String = "", fullText: Bool = false, weight: Double = 1, tags: [String] = []) {
        self.id = id ?? FeedSource.slug(for: url)
        self.url = url
        self.name = name
        self.fullText = fullText
        self.weight = weight
        self.tags = tags
    }

    /// Gives the feed an id not in `taken` (two feeds with one id would share state): the
    /// later of two `news` feeds becomes `news-2`. The id is added to `taken`.
    public mutating func makeIDUnique(in taken: inout Set<String>) {
        let base = id
        var suffix = 2
        while taken.contains(id) {
            id = "\(base)-\(suffix)"
            suffix += 1
        }
        taken.insert(id)
    }

    /// A readable, stable slug for a URL: host and path, lower-cased, non-alphanumerics folded to `-`.
    public static func slug(for url: URL) -> String {
        let raw = url.isFileURL
            ? url.deletingPathExtension().lastPathComponent
            : (url.host ?? "") + url.path
        let slug = asciiSlug(raw)
        return slug.isEmpty ? "feed" : slug
    }

    /// `text` lower-cased, its ASCII letters and digits kept and every other run folded to one
    /// `-`, with none at either end; empty when nothing is left.
    public static func asciiSlug(_ text: String) -> String {
        var slug = ""
        var lastWasDash = true
        for scalar in text.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII {
                slug.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if !lastWasDash {
                slug.append("-")
                lastWasDash = true
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }
}
