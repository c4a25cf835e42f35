/// The hints article extraction works from, as data.
///
/// Most lists follow Mozilla's Readability.js (Apache-2.0; arc90's readability before it), whose
/// class and id hints were gathered from years of real pages; the phrasing-content and block
/// lists are the WHATWG HTML content models. Words are matched as case-insensitive substrings of
/// an element's `class` and `id`, as Readability does.
enum ExtractionRules {
    /// Class/id words of page chrome that is removed before scoring ("unlikely candidates").
    static let unlikely = [
        "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap", "disqus", "extra",
        "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
        "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
        "yom-remote",
    ]

    /// Words that save an element the `unlikely` list matched.
    static let maybeCandidate = ["and", "article", "body", "column", "content", "main", "mathjax", "shadow"]

    /// Class/id words that add to an element's weight.
    static let positive = [
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post", "text",
        "blog", "story",
    ]

    /// Class/id words that subtract from it. ("hid" only as a whole word.)
    static let negative = [
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead", "media",
        "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
        "shopping", "tags", "widget",
    ]

    /// ARIA roles of navigation and dialogs, never article text.
    static let unlikelyRoles: Set<String> = ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"]

    /// Class/id words of byline elements.
    static let byline = ["byline", "author", "dateline", "writtenby", "p-author"]

    /// Elements whose text is scored as a paragraph.
    static let scored: Set<String> = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"]

    /// Children that keep a `<div>` from being read as a paragraph.
    static let blockChildren: Set<String> = ["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"]

    /// Elements that may sit inside a paragraph (HTML's phrasing content).
    static let phrasing: Set<String> = [
        "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em", "embed", "i",
        "img", "input", "kbd", "label", "mark", "math", "meter", "noscript", "object", "output", "progress", "q",
        "ruby", "samp", "script", "select", "small", "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr",
        // Not in HTML's list, but inline in every browser.
        "font", "u", "s", "strike", "tt", "big", "abbr", "acronym",
    ]

    /// Phrasing only when everything inside is.
    static let phrasingIfContentIs: Set<String> = ["a", "del", "ins"]

    /// Sibling elements merged into the article keep their tag; others become `<div>`.
    static let keptSiblingTags: Set<String> = ["div", "article", "section", "p", "ol", "ul"]

    /// Removed outright from the chosen article.
    static let alwaysRemoved: Set<String> = [
        "object", "embed", "footer", "link", "aside", "iframe", "input", "textarea", "select", "button", "nav",
    ]

    /// Elements whose text starts a new paragraph in the output.
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
        "thead", "tfoot", "tr", "ul", "caption", "html", "noscript",
    ]

    /// Schema.org types whose JSON-LD describes an article.
    static let articleTypes: Set<String> = [
        "Article", "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
        "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "Report",
        "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
        "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference",
    ]

    /// Whether `hint` (class and id, lowercased) contains any of `words`.
    static func matches(_ hint: String, _ words: [String]) -> Bool {
        words.contains { hint.contains($0) }
    }

    /// Readability's negative pattern also has "hid" as a whole word.
    static func isNegative(_ hint: String) -> Bool {
        if matches(hint, negative) { return true }
        return hint.split(separator: " ").contains("hid")
    }

    /// "share"/"sharedaddy" between word boundaries or underscores.
    static func isShare(_ hint: String) -> Bool {
        for word in ["sharedaddy", "share"] {
            var start = hint.startIndex
            while let range = hint.range(of: word, range: start..<hint.endIndex) {
                let before = range.lowerBound == hint.startIndex ? nil : hint[hint.index(before: range.lowerBound)]
                let after = range.upperBound == hint.endIndex ? nil : hint[range.upperBound]
                let edge: (Character?) -> Bool = { $0 == nil || $0 == "_" || !($0!.isLetter || $0!.isNumber) }
                if edge(before) && edge(after) { return true }
                start = range.upperBound
            }
        }
        return false
    }
}
