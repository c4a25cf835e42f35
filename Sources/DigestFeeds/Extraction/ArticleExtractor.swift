import CLibXML2
import DigestModel
import DigestText
import Foundation

/// Why a page gave no article.
public enum ExtractionError: Error, Equatable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case empty
    case unreadable
    case noText

    public var description: String {
        switch self {
        case .tooLarge(let limit): "the page is larger than \(limit) bytes"
        case .empty: "the page is empty"
        case .unreadable: "the page could not be read as HTML"
        case .noText: "no article text was found in the page"
        }
    }
}

/// Finds the article in a web page: its paragraphs, and the title, byline, date, language and
/// canonical address the page declares.
///
/// The method is a chain, most specific first: readability-style scoring with page chrome
/// stripped (`ReadabilityPass`); if that finds less than `minimumLength` characters, again
/// without conditional cleaning (an article that is a list of links is cleaned away as one),
/// then without stripping, without class hints, without cleaning (Readability.js's retry
/// ladder), keeping the longest; then the JSON-LD `articleBody` when it is longer; then
/// every `<p>` of the page. Afterwards repeated blocks and a trailing list of links (the
/// "related stories" that survive scoring) are dropped, the post-filters trafilatura and
/// jusText apply.
public struct ArticleExtractor: Sendable {
    /// Pages larger than this are refused.
    public var maxBytes: Int
    /// Fewer characters than this and the next, looser attempt runs (Readability's 500).
    public var minimumLength: Int

    /// Creates an extractor.
    public init(maxBytes: Int = 10 << 20, minimumLength: Int = 500) {
        self.maxBytes = maxBytes
        self.minimumLength = minimumLength
    }

    /// Extracts the article of the page in `data`; `url` is its address (the base of relative
    /// links), `contentType` its HTTP header (whose charset counts).
    public func extract(_ data: Data, url: URL? = nil, contentType: String? = nil) throws(ExtractionError) -> ExtractedPage {
        guard data.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        guard data.contains(where: { $0 > 0x20 }) else { throw .empty }
        guard let first = HTMLDocument(data, url: url?.absoluteString, contentType: contentType) else { throw .unreadable }
        let metadata = PageMetadata(first, url: url)
        let title = metadata.title ?? Self.headline(fromDocumentTitle: metadata.documentTitle, page: first)
        var notes = first.charsetNote.map { [$0] } ?? []

        var best: (paragraphs: [PageText.Paragraph], length: Int, byline: String?) = ([], -1, nil)
        let ladder: [ReadabilityPass.Flags] = [.all, [.stripUnlikely, .weightClasses], [.weightClasses, .cleanConditionally], [.cleanConditionally], []]
        for (attempt, flags) in ladder.enumerated() {
            let page = attempt == 0 ? first : HTMLDocument(data, url: url?.absoluteString, contentType: contentType)
            guard let page else { break }
            let pass = ReadabilityPass(page: page, flags: flags, articleTitle: title)
            pass.prepare()
            let length = pass.run()
            if length > best.length, let article = pass.article {
                best = (PageText(article).paragraphs, length, pass.byline)
            }
            if length >= minimumLength { break }
        }

        var method = "readability"
        var paragraphs = Self.tidy(best.paragraphs)
        let length = paragraphs.reduce(0) { $0 + $1.count }
        if let body = metadata.articleBody, body.count > max(length, 0) * 3 / 2 || (length < minimumLength && body.count > length) {
            paragraphs = body.components(separatedBy: "\n").map { $0.collapsedWhitespace }.filter { !$0.isEmpty }
            method = "json-ld"
            notes.append("the page's markup gave little text; used its JSON-LD articleBody")
        }
        // Last, the densest run of paragraphs, read from the page as it came (the passes
        // removed what they took for hidden or chrome): when scoring found no sentence at all,
        // only menus and labels (an article kept hidden until a script shows it). A short
        // article that was found stays, however long the widgets beside it.
        if method == "readability", !paragraphs.contains(where: Self.readsAsSentence),
           let page = HTMLDocument(data, url: url?.absoluteString, contentType: contentType), let root = page.root {
            let run = Self.densestRun(under: root)
            if run.contains(where: Self.readsAsSentence) {
                paragraphs = run
                method = "paragraphs"
                notes.append("no article container was found; used the page's densest run of paragraphs")
            }
        }
        guard !paragraphs.isEmpty else { throw .noText }
        var page = ExtractedPage(
            title: title.isEmpty ? nil : title, byline: metadata.byline ?? best.byline, published: metadata.published,
            language: metadata.language, canonicalURL: metadata.canonicalURL, siteName: metadata.siteName,
            excerpt: metadata.excerpt, paragraphs: paragraphs, method: method, notes: notes
        )
        page.isOpinion = metadata.isOpinion
        return page
    }

    /// Drops, from the end, short paragraphs that are mostly links ("More on this story"), and
    /// lines that are page furniture wherever they stand: pointers to other articles, time
    /// stamps, picture credits, a comment section's own lines, advertising labels; and the
    /// second copy of a run of paragraphs (`dropRepeatedRuns`). A short line that repeats is kept: inside an article it is a list's or a schedule's heading ("Pre-workout
    /// meal" once a day); a line a site repeats in every article is the story stage's to drop,
    /// which sees all of them.
    static func tidy(_ paragraphs: [PageText.Paragraph]) -> [String] {
        var kept = paragraphs
        // A heading that opens the page's tail ("Related articles", "Auch interessant", "Lea
        // también", "Comments") ends the article when it comes after most of the text; a
        // short line that points elsewhere ("Read more: …") is dropped wherever it stands.
        let total = kept.reduce(0) { $0 + $1.text.utf8.count }
        var before = 0
        for (index, paragraph) in kept.enumerated() {
            // …after at least two fifths of the text, with less text after it than before.
            if index >= 2, before * 5 >= total * 2, total - before < before, ExtractionRules.opensTail(paragraph.text) {
                kept.removeSubrange(index...)
                break
            }
            before += paragraph.text.utf8.count
        }
        kept.removeAll { ExtractionRules.isFurnitureLine($0.text) }
        while let last = kept.last, kept.count > 1, Self.isLinkList(last) { kept.removeLast() }
        return dropRepeatedRuns(kept.map(\.text))
    }

    /// Drops a second copy of a run of sentence-long paragraphs (a gallery's captions under
    /// the slides and again under the thumbnails, a teaser block printed twice): a paragraph
    /// whose text came before, with its neighbour (also sentence-long, and not itself) also
    /// repeating its first copy's neighbour.
    /// One paragraph said again on its own (a refrain, a pull quote) is the author's to keep.
    static func dropRepeatedRuns(_ texts: [String]) -> [String] {
        var first: [String: Int] = [:]
        for (index, text) in texts.enumerated() where first[text] == nil { first[text] = index }
        func long(_ text: String) -> Bool { text.utf8.count >= 40 && text.wordCount >= 6 }
        func isCopy(_ index: Int) -> Bool {
            let text = texts[index]
            guard let origin = first[text], origin < index, long(text) else { return false }
            if index + 1 < texts.count, origin + 1 < index, texts[origin + 1] == texts[index + 1], texts[index + 1] != text,
               long(texts[index + 1]) { return true }
            if index - 1 > origin, origin >= 1, texts[origin - 1] == texts[index - 1], texts[index - 1] != text,
               long(texts[index - 1]) { return true }
            return false
        }
        return texts.indices.filter { !isCopy($0) }.map { texts[$0] }
    }

    /// Eight words or more with a sentence in them: a full stop, question or exclamation mark
    /// at the end or before a space.
    static func readsAsSentence(_ text: String) -> Bool {
        guard text.wordCount >= 8 else { return false }
        if let last = text.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"'”’»)"))).last,
           ".!?…。！？".contains(last) { return true }
        return text.contains(". ") || text.contains("! ") || text.contains("? ")
    }

    /// The `<p>` children of the element whose `<p>` children hold the most text, in order.
    static func densestRun(under root: HTMLNode) -> [String] {
        var best: (parent: HTMLNode?, length: Int) = (nil, 0)
        var totals: [HTMLNode: Int] = [:]
        root.forEachDescendantElement { element in
            if element.isTag("p"), let parent = element.parentElement {
                let total = totals[parent, default: 0] + TextMeasure.length(element)
                totals[parent] = total
                if total > best.length { best = (parent, total) }
            }
            return true
        }
        guard let parent = best.parent else { return [] }
        return parent.elementChildren.filter { $0.isTag("p") }.map { $0.textContent.collapsedWhitespace }.filter { !$0.isEmpty }
    }

    private static func isLinkList(_ paragraph: PageText.Paragraph) -> Bool {
        let length = paragraph.text.unicodeScalars.filter { !$0.properties.isWhitespace }.count
        guard length > 0 else { return true }
        return Double(paragraph.linkedLength) / Double(length) > 0.8 && paragraph.text.count < 200
    }

    /// The headline in a `<title>` that also names the site ("Headline | Site", "Site: Headline"),
    /// by Readability's rules: cut at the last separator unless that leaves under three words,
    /// prefer a heading that repeats the whole title, and fall back to the whole title when the
    /// cut leaves four words or fewer.
    static func headline(fromDocumentTitle original: String, page: HTMLDocument) -> String {
        let title = original.collapsedWhitespace
        guard !title.isEmpty else { return "" }
        let separators: Set<Character> = ["|", "-", "–", "—", "\\", "/", ">", "»"]
        let hierarchical: Set<Character> = ["\\", "/", ">", "»"]
        var current = title
        var hadHierarchical = false
        let words = title.split(separator: " ")
        if let cut = words.lastIndex(where: { $0.count == 1 && separators.contains($0.first!) }), cut > 0 {
            hadHierarchical = words.contains { $0.count == 1 && hierarchical.contains($0.first!) }
            current = words[..<cut].joined(separator: " ")
            if TitleSimilarity.wordCount(current) < 3, let firstCut = words.firstIndex(where: { $0.count == 1 && separators.contains($0.first!) }) {
                current = words[(firstCut + 1)...].joined(separator: " ")
            }
        } else if title.contains(": ") {
            let headings = page.root.map { $0.descendants(in: ["h1", "h2"]) } ?? []
            if !headings.contains(where: { $0.textContent.collapsedWhitespace == title }) {
                let afterLast = String(title[title.range(of: ":", options: .backwards)!.upperBound...]).collapsedWhitespace
                current = afterLast
                if TitleSimilarity.wordCount(current) < 3 {
                    current = String(title[title.range(of: ":")!.upperBound...]).collapsedWhitespace
                } else if TitleSimilarity.wordCount(String(title[..<title.range(of: ":")!.lowerBound])) > 5 {
                    current = title
                }
            }
        } else if title.count > 150 || title.count < 15, let root = page.root {
            let headings = root.descendants("h1")
            if headings.count == 1 { current = headings[0].textContent.collapsedWhitespace }
        }
        let count = TitleSimilarity.wordCount(current)
        let withoutSeparators = words.filter { !($0.count == 1 && separators.contains($0.first!)) }.count
        if count <= 4, !hadHierarchical || count != withoutSeparators - 1 { current = title }
        return current
    }
}
