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
        "footer", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
        "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
        "yom-remote",
    ]

    /// Class/id words of consent banners (WordPress's "eu-cookie-law" widget, "cookie-notice",
    /// "gdpr-consent"), which trafilatura also drops by these words. They are removed in every
    /// attempt, whatever its flags: on a page whose article is a few short lines the banner's
    /// paragraph is the longest text, and the looser attempts would otherwise keep it.
    static let consent = ["cookie", "consent", "gdpr"]

    /// Class/id words of the widgets beside an article (promotions, polls, newsletter sign-ups,
    /// most-read and trending lists, recommendation networks), removed in every attempt: a
    /// membership pitch of three long paragraphs otherwise beats a two-paragraph news item.
    static let widgets = ["promo", "poll", "newsletter", "subscribe", "subscription", "membership", "more-headlines",
                          "most-read", "mostread", "most-popular", "mostpopular", "trending", "outbrain", "taboola"]

    /// Class/id words (whole, between hyphens or underscores) of reader comment threads and
    /// their forms: WordPress's `#comments`, `.commentlist`, `#respond`; Disqus's
    /// `#disqus_thread`. Also removed in every attempt: a thread is never the article, and on a
    /// short post it is the longest text ("a blog post of 68 words came out as 1,058 words of
    /// comments"). "comment" alone is not among them: opinion pages use it for the article.
    static let commentThread = ["comments", "commentlist", "comment-list", "comments-area", "comment-respond", "respond",
                                "replies", "comment-form", "commentform", "disqus_thread", "disqus",
                                // The author's box under a post: a biography, never the article.
                                "author-info", "author-box", "authorbox", "author-bio", "about-author", "author-description"]
    static let commentThreadBytes = commentThread.map { Array($0.utf8) }

    /// Whether an element's class or id names a comment thread.
    static func isCommentThread(_ hint: Hint) -> Bool {
        commentThreadBytes.contains { hint.containsWord($0) }
    }

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

    /// Elements whose text starts a new paragraph in the output.
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul",
        "caption", "html", "noscript",
    ]

    /// Schema.org types whose JSON-LD describes an article.
    static let articleTypes: Set<String> = [
        "Article", "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
        "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "Report",
        "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
        "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference",
    ]

    /// Class and id of an element, lowercased, as bytes: matched against the word lists for
    /// every element of a page, so without Foundation's string search.
    struct Hint {
        let bytes: [UInt8]

        init(_ text: String) {
            bytes = text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        }

        /// Bytes already lowercased.
        init(lowercased: [UInt8]) {
            bytes = lowercased
        }

        /// Lowercased `parts` joined by spaces, read straight from libxml2's bytes.
        init(_ parts: UnsafeBufferPointer<UInt8>?...) {
            var joined: [UInt8] = []
            for case let part? in parts where part.count > 0 {
                if !joined.isEmpty { joined.append(0x20) }
                for byte in part { joined.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
            }
            bytes = joined
        }

        func contains(any words: [[UInt8]]) -> Bool {
            words.contains { range(of: $0, from: 0) != nil }
        }

        func range(of word: [UInt8], from start: Int) -> Range<Int>? {
            guard word.count <= bytes.count, let first = word.first, start <= bytes.count - word.count else { return nil }
            var index = start
            while index <= bytes.count - word.count {
                if bytes[index] == first {
                    var offset = 1
                    while offset < word.count && bytes[index + offset] == word[offset] { offset += 1 }
                    if offset == word.count { return index..<(index + word.count) }
                }
                index += 1
            }
            return nil
        }

        /// Whether `word` occurs between word boundaries (or underscores).
        func containsWord(_ word: [UInt8]) -> Bool {
            var start = 0
            while let found = range(of: word, from: start) {
                let before = found.lowerBound == 0 ? nil : bytes[found.lowerBound - 1]
                let after = found.upperBound == bytes.count ? nil : bytes[found.upperBound]
                if Self.isEdge(before) && Self.isEdge(after) { return true }
                start = found.lowerBound + 1
            }
            return false
        }

        private static func isEdge(_ byte: UInt8?) -> Bool {
            guard let byte else { return true }
            if byte == UInt8(ascii: "_") { return true }
            let isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
            return !isAlphanumeric
        }
    }

    static let unlikelyBytes = unlikely.map { Array($0.utf8) }
    static let maybeCandidateBytes = maybeCandidate.map { Array($0.utf8) }
    static let consentBytes = consent.map { Array($0.utf8) }
    static let widgetBytes = widgets.map { Array($0.utf8) }
    static let positiveBytes = positive.map { Array($0.utf8) }
    static let negativeBytes = negative.map { Array($0.utf8) }
    static let bylineBytes = byline.map { Array($0.utf8) }

    /// Readability's negative pattern also has "hid" as a whole word (space-separated).
    static func isNegative(_ hint: Hint) -> Bool {
        if hint.contains(any: negativeBytes) { return true }
        return hint.bytes.split(separator: 0x20).contains { $0.elementsEqual("hid".utf8) }
    }

    /// "share"/"sharedaddy" between word boundaries or underscores.
    static func isShare(_ hint: Hint) -> Bool {
        hint.containsWord(Array("share".utf8)) || hint.containsWord(Array("sharedaddy".utf8))
    }

    /// schema.org types of opinion and analysis (https://schema.org/OpinionNewsArticle and its
    /// siblings under NewsArticle).
    static let opinionTypes: Set<String> = ["OpinionNewsArticle", "AnalysisNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle"]

    /// `article:section` values (lower-case, matched inside the section) that file an article
    /// under opinion, in the languages of our stop lists.
    static let opinionSections = ["opinion", "comment", "column", "editorial", "op-ed", "meinung", "kommentar", "tribune", "opinión",
                                  "opinião", "opinie", "мнени", "думк"]
}
