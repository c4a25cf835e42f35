import DigestModel
import Foundation

/// Opinion and analysis, told apart from news: a reader should know when a sentence is a
/// columnist's view, and a story should open with what happened, not with what someone thinks
/// of it.
///
/// Signals, any one of which marks an article: its page files it under opinion (`article:section`
/// or schema.org's `OpinionNewsArticle`, read by the extractor into `Article.isOpinion`), its URL
/// sits in an opinion section (`/opinion/`, `/column/`, `/commentary/` …, the section paths of
/// the big English, German, French and Spanish news sites), or it carries the columnist's
/// disclaimer ("the views expressed … are solely those of the author").
enum Opinion {
    /// URL path segments of opinion sections.
    static let pathSegments: Set<String> = [
        "opinion", "opinions", "column", "columns", "columnists", "columnist", "commentary", "comment", "commentisfree", "op-ed",
        "oped", "op-eds", "editorial", "editorials", "viewpoint", "viewpoints", "perspectives", "analysis", "meinung", "kommentar",
        "kommentare", "tribune", "tribunes", "opinion-analysis", "opinión", "opiniao", "opinie",
    ]

    /// Whether an article is opinion by any signal.
    static func isOpinion(_ article: Article) -> Bool {
        isMarkedOrFiled(article) || article.paragraphs.contains(where: isDisclaimer)
    }

    /// The signals outside the text: the page's mark, an opinion section in the URL.
    private static func isMarkedOrFiled(_ article: Article) -> Bool {
        if article.isOpinion { return true }
        guard let path = article.url?.path.lowercased() else { return false }
        return path.split(separator: "/").contains { pathSegments.contains(String($0)) }
    }

    /// A columnist's disclaimer: the views or opinions expressed are the author's (alone, or
    /// not the outlet's). The paragraph is furniture as well as a signal.
    static func isDisclaimer(_ paragraph: String) -> Bool {
        guard paragraph.utf8.count < 600 else { return false }
        var text = paragraph.lowercased()
        // Searched in the bytes: Foundation's `contains` bridges, the standard library's generic
        // searcher was a sixth of a 15,000-article briefing.
        return text.withUTF8 { bytes in
            func has(_ phrase: StaticString) -> Bool {
                let needle = UnsafeBufferPointer(start: phrase.utf8Start, count: phrase.utf8CodeUnitCount)
                guard let first = needle.first, needle.count <= bytes.count else { return false }
                var index = 0
                while index <= bytes.count - needle.count {
                    if bytes[index] == first {
                        var offset = 1
                        while offset < needle.count && bytes[index + offset] == needle[offset] { offset += 1 }
                        if offset == needle.count { return true }
                    }
                    index += 1
                }
                return false
            }
            guard has("expressed"), has("views") || has("opinions") else { return false }
            return has("solely") || has("those of the author") || has("not necessarily") || has("do not reflect") || has("own and do not")
        }
    }

    /// The article marked, with its disclaimer taken out of the text.
    static func marked(_ article: Article) -> Article {
        // One pass over the text finds the disclaimers, which are both a signal and furniture.
        let kept = article.paragraphs.filter { !isDisclaimer($0) }
        var marked = article
        marked.isOpinion = kept.count < article.paragraphs.count || isMarkedOrFiled(article)
        if marked.isOpinion { marked.paragraphs = kept }
        return marked
    }
}
