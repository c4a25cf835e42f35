import CLibXML2
import Foundation

/// What a page says about its article in `<meta>` tags (HTML, Dublin Core, Open Graph,
/// Twitter, Parse.ly), `<link rel=canonical>` and schema.org JSON-LD. JSON-LD wins where it
/// speaks, then Dublin Core, then Open Graph, then plain HTML and Twitter (Readability's order).
struct PageMetadata {
    var title: String?
    var byline: String?
    var excerpt: String?
    var siteName: String?
    var published: Date?
    var language: String?
    var canonicalURL: URL?
    /// Whether the page files the article under opinion: `article:section` (Open Graph) or a
    /// JSON-LD type of schema.org's opinion and analysis kinds.
    var isOpinion = false
    /// The document's `<title>`.
    var documentTitle = ""
    /// A JSON-LD `articleBody`, the fallback when the page's markup defeats scoring.
    var articleBody: String?

    init(_ page: HTMLDocument, url: URL?) {
        guard let root = page.root else { return }
        var values: [String: String] = [:]
        var jsonLD = JSONLDArticle()
        var canonical: String?
        for node in root.descendants(in: ["meta", "link", "script", "title"]) {
            switch node.tag {
            case "title" where documentTitle.isEmpty:
                documentTitle = node.textContent.collapsedWhitespace
            case "meta":
                Self.read(meta: node, into: &values)
            case "link":
                let rel = (node.attribute("rel") ?? "").lowercased().split(separator: " ")
                if rel.contains("canonical"), canonical == nil, let href = node.attribute("href") { canonical = href }
            case "script":
                if (node.attribute("type") ?? "").lowercased().hasPrefix("application/ld+json"), jsonLD.isEmpty {
                    jsonLD = JSONLDArticle(json: node.textContent)
                }
            default: break
            }
        }
        func first(_ keys: String...) -> String? {
            for key in keys { if let value = values[key], !value.isEmpty { return value } }
            return nil
        }
        title = jsonLD.title ?? first("dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title",
                                      "title", "twitter:title", "parsely-title")
        var author = first("dc:creator", "dcterm:creator", "author", "parsely-author")
        if author == nil, let articleAuthor = first("article:author"), !articleAuthor.lowercased().hasPrefix("http") {
            author = articleAuthor
        }
        byline = jsonLD.byline ?? author
        excerpt = jsonLD.excerpt ?? first("dc:description", "dcterm:description", "og:description", "weibo:article:description",
                                          "weibo:webpage:description", "description", "twitter:description")
        siteName = jsonLD.siteName ?? first("og:site_name")
        let date = jsonLD.published ?? first("article:published_time", "parsely-pub-date", "dc:date", "dcterm:date", "pub-date")
        published = date.flatMap(FeedDate.parse)
        let lang = root.attribute("lang") ?? root.attribute("xml:lang") ?? values["content-language"] ?? values["og:locale"]
        language = lang.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-") }.flatMap { $0.isEmpty ? nil : $0 }
        if let raw = canonical ?? values["og:url"] {
            canonicalURL = URL(string: raw.trimmingCharacters(in: .whitespaces), relativeTo: url)?.absoluteURL
            // Only an absolute http(s) address is a canonical URL (a relative one without a base is not).
            let scheme = canonicalURL?.scheme?.lowercased()
            if scheme != "http" && scheme != "https" { canonicalURL = nil }
        }
        articleBody = jsonLD.articleBody
        let section = (values["article:section"] ?? "").lowercased()
        isOpinion = jsonLD.isOpinion || ExtractionRules.opinionSections.contains { section.contains($0) }
    }

    /// One `<meta>`: `property` may hold several space-separated names; `name` one, with a
    /// vocabulary prefix joined by `:`, `.` or `-`; `http-equiv=content-language` the language.
    private static func read(meta node: HTMLNode, into values: inout [String: String]) {
        let property = node.attribute("property")
        let name = node.attribute("name")
        let httpEquiv = node.attribute("http-equiv")
        guard property != nil || name != nil || httpEquiv != nil, let content = node.attribute("content") else { return }
        let text = content.collapsedWhitespace
        if let property = property?.lowercased() {
            for name in property.split(separator: " ") {
                let key = String(name)
                let parts = key.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, ["article", "dc", "dcterm", "og", "twitter"].contains(parts[0]),
                      ["author", "creator", "description", "published_time", "title", "site_name", "url", "locale", "section"].contains(parts[1])
                else { continue }
                if values[key] == nil { values[key] = text }
            }
        }
        if let name = name?.lowercased() {
            var key = String(name.unicodeScalars.filter { $0 != " " }.map { $0 == "." ? ":" : Character($0) })
            for vocabulary in ["dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage"] where key.hasPrefix(vocabulary + "-") {
                key = vocabulary + ":" + key.dropFirst(vocabulary.count + 1)
            }
            if key.hasPrefix("parsely:") { key = "parsely-" + key.dropFirst("parsely:".count) }
            let local = key.split(separator: ":").last.map(String.init) ?? key
            if ["author", "creator", "pub-date", "description", "title", "site_name", "date", "published_time"].contains(local)
                || key == "parsely-pub-date" || key == "parsely-author" || key == "parsely-title" {
                if values[key] == nil { values[key] = text }
            }
        }
        if httpEquiv?.lowercased() == "content-language", values["content-language"] == nil {
            values["content-language"] = text
        }
    }
}

/// The article object of a page's schema.org JSON-LD.
struct JSONLDArticle {
    var title, byline, excerpt, siteName, published, articleBody: String?
    /// Whether its type is one of schema.org's opinion kinds.
    var isOpinion = false

    var isEmpty: Bool { title == nil && articleBody == nil && byline == nil }

    init() {}

    init(json: String) {
        // CDATA wrappers and HTML comments around the JSON are common.
        var bytes = Array(json.utf8)[...]
        func trim() {
            while let first = bytes.first, first <= 0x20 { bytes = bytes.dropFirst() }
            while let last = bytes.last, last <= 0x20 { bytes = bytes.dropLast() }
        }
        trim()
        for (opening, closing) in [("<![CDATA[", "]]>"), ("<!--", "-->")] {
            if bytes.starts(with: opening.utf8) { bytes = bytes.dropFirst(opening.utf8.count) }
            if bytes.reversed().starts(with: closing.utf8.reversed()) { bytes = bytes.dropLast(closing.utf8.count) }
            trim()
        }
        guard let first = bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return }
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]),
              let article = Self.findArticle(value) else { return }
        isOpinion = Self.types(article).contains(where: ExtractionRules.opinionTypes.contains)
        title = Self.string(article["headline"]) ?? Self.string(article["name"])
        byline = Self.names(article["author"])
        excerpt = Self.string(article["description"])
        if let publisher = article["publisher"] as? [String: Any] { siteName = Self.string(publisher["name"]) }
        published = Self.string(article["datePublished"])
        // Paragraphs of an articleBody are separated by line breaks; keep them.
        if let body = article["articleBody"] as? String {
            let paragraphs = body.split(whereSeparator: \.isNewline).compactMap { Self.string(String($0)) }
            articleBody = paragraphs.isEmpty ? nil : paragraphs.joined(separator: "\n")
        }
    }

    private static func findArticle(_ value: Any) -> [String: Any]? {
        if let array = value as? [Any] {
            for item in array { if let found = findArticle(item) { return found } }
            return nil
        }
        guard let object = value as? [String: Any] else { return nil }
        if types(object).contains(where: ExtractionRules.articleTypes.contains) { return object }
        if let graph = object["@graph"] { return findArticle(graph) }
        if let main = object["mainEntity"] { return findArticle(main) }
        return nil
    }

    /// An object's `@type`, one name or a list of them.
    private static func types(_ object: [String: Any]) -> [String] {
        (object["@type"] as? String).map { [$0] } ?? (object["@type"] as? [Any])?.compactMap { $0 as? String } ?? []
    }

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let clean = HTMLText.text(fromHTML: text.replacingOccurrences(of: "<", with: "&lt;")).trimmingCharacters(in: .whitespacesAndNewlines)
        return clean.isEmpty ? nil : clean
    }

    private static func names(_ value: Any?) -> String? {
        if let object = value as? [String: Any] { return string(object["name"]) }
        if let array = value as? [Any] {
            let found = array.compactMap { Self.names($0) }
            return found.isEmpty ? nil : found.joined(separator: ", ")
        }
        return string(value)
    }
}
