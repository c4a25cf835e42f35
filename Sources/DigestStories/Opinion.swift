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
        if article.isOpinion { return true }
        if let path = article.url?.path.lowercased(), path.split(separator: "/").contains(where: { pathSegments.contains(String($0)) }) {
            return true
        }
        return article.paragraphs.contains(where: isDisclaimer)
    }

    /// A columnist's disclaimer: the views or opinions expressed are the author's (alone, or
    /// not the outlet's). The paragraph is furniture as well as a signal.
    static func isDisclaimer(_ paragraph: String) -> Bool {
        guard paragraph.utf8.count < 600 else { return false }
        let text = paragraph.lowercased()
        guard text.contains("views") || text.contains("opinions"), text.contains("expressed") else { return false }
        return text.contains("solely") || text.contains("those of the author") || text.contains("not necessarily")
            || text.contains("do not reflect") || text.contains("own and do not")
    }

    /// The article marked, with its disclaimer taken out of the text.
    static func marked(_ article: Article) -> Article {
        var marked = article
        marked.isOpinion = isOpinion(article)
        if marked.isOpinion { marked.paragraphs.removeAll(where: isDisclaimer) }
        return marked
    }
}
