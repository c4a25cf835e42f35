import CLibXML2
import DigestText
import Foundation

/// One pass of readability-style content scoring over a page (the idea and constants of arc90's
/// Readability as refined in Mozilla's Readability.js; written here for libxml2's tree).
///
/// Paragraph-like elements give their parent and grandparent (and, more weakly, three more
/// ancestors) points for text length and commas; each ancestor starts from a score for its tag
/// and its class/id hints and is discounted by its link density. The best ancestor is the
/// article; siblings scoring close to it (or reading like prose) join it; then the chosen
/// subtree is cleaned of forms, tables of links, share bars and other furniture.
final class ReadabilityPass {
    struct Flags: OptionSet {
        let rawValue: Int
        static let stripUnlikely = Flags(rawValue: 1)
        static let weightClasses = Flags(rawValue: 2)
        static let cleanConditionally = Flags(rawValue: 4)
        static let all: Flags = [.stripUnlikely, .weightClasses, .cleanConditionally]
    }

    let page: HTMLDocument
    let flags: Flags
    let articleTitle: String
    private(set) var byline: String?
    /// Scores of the elements scoring has reached ("initialized" in Readability's terms).
    private var scores: [HTMLNode: Double] = [:]
    /// Nodes taken out of the tree; freed with the pass.
    private var detached: [HTMLNode] = []
    private var dataTables: Set<HTMLNode> = []
    /// The article found, a detached `<div>`.
    private(set) var article: HTMLNode?

    /// Elements whose chrome hints were overruled because they wrap the page (`wrapsPage`):
    /// their negative hints count for nothing in scoring and cleaning either.
    private var wrappers: Set<HTMLNode> = []

    /// Only the first byline element is taken (and removed).
    private var bylineFound = false

    init(page: HTMLDocument, flags: Flags, articleTitle: String) {
        self.page = page
        self.flags = flags
        self.articleTitle = articleTitle
    }

    deinit {
        var roots = detached.filter { $0.parent == nil }
        if let article, article.parent == nil { roots.append(article) }
        for node in Set(roots) { xmlFreeNode(node) }
    }

    // MARK: Preparation

    /// Removes what is never text (scripts, styles, templates), turns `<br><br>` runs into
    /// paragraphs and `<font>` into `<span>`.
    func prepare() {
        guard let root = page.root else { return }
        for node in root.descendants(in: ["script", "noscript", "style", "template", "svg"]) where node.parent != nil {
            // Noscript elements do not nest; one inside another is dropped unread.
            if node.isTag("noscript"), !hasAncestor(node, "noscript", maxDepth: 0), Self.holdsProse(node) {
                unwrap(node)
            } else {
                remove(node)
            }
        }
        if let body = page.body { replaceBreaks(in: body) }
        for node in root.descendants("font") { node.rename("span") }
    }

    /// Whether a `<noscript>` holds the article for readers without JavaScript (Blogger pages
    /// put the post in a script template and again in `<noscript>`): a paragraph element with
    /// text of a sentence's length. Its fallback notices ("Please enable JavaScript") are
    /// shorter and not paragraphs.
    static func holdsProse(_ node: HTMLNode) -> Bool {
        var found = false
        node.forEachDescendantElement { element in
            if element.isTag("p"), TextMeasure.length(element) >= 80 { found = true }
            return !found
        }
        return found
    }

    /// Puts an element's children in its place.
    private func unwrap(_ node: HTMLNode) {
        for child in node.children { node.insertBefore(child) }
        remove(node)
    }

    /// Two or more `<br>` in a row end a paragraph: the text after them becomes a `<p>` (an
    /// old-style page written with breaks then scores like one written with paragraphs).
    private func replaceBreaks(in body: HTMLNode) {
        for br in body.descendants("br") where br.parent != nil {
            var next = br.next
            var replaced = false
            while let candidate = next.map(skipWhitespace), candidate.isTag("br") {
                replaced = true
                next = candidate.next
                remove(candidate)
            }
            guard replaced else { continue }
            let paragraph = page.element("p")
            br.replace(with: paragraph)
            detached.append(br)
            var sibling = paragraph.next
            while let node = sibling {
                if node.isTag("br"), let after = node.next.map(skipWhitespace), after.isTag("br") { break }
                if !isPhrasing(node) { break }
                sibling = node.next
                paragraph.append(node)
            }
            while let last = paragraph.lastChild, isWhitespace(last) { remove(last) }
            if let parent = paragraph.parentElement, parent.isTag("p") { parent.rename("div") }
        }
    }

    /// Per element of a page: the bytes of paragraph (`<p>`) text under it, and whether an
    /// `<h1>` is; counted in one walk.
    struct Holdings {
        var paragraphBytes = 0
        var headline = false
    }

    static func holdings(under root: HTMLNode) -> [HTMLNode: Holdings] {
        var totals: [HTMLNode: Holdings] = [:]
        var open: [(node: HTMLNode, held: Holdings, inParagraph: Bool)] = [(root, Holdings(), root.isTag("p"))]
        var next: [HTMLNode?] = [root.firstChild]
        while let top = open.last {
            if let current = next[next.count - 1] {
                next[next.count - 1] = current.next
                if current.isElement {
                    open.append((current, Holdings(headline: current.isTag("h1")), top.inParagraph || current.isTag("p")))
                    next.append(current.firstChild)
                } else if current.isText, top.inParagraph, let content = current.pointee.content {
                    open[open.count - 1].held.paragraphBytes += strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
                }
            } else {
                open.removeLast()
                next.removeLast()
                totals[top.node] = top.held
                if !open.isEmpty {
                    open[open.count - 1].held.paragraphBytes += top.held.paragraphBytes
                    if top.held.headline { open[open.count - 1].held.headline = true }
                }
            }
        }
        return totals
    }

    /// Whether an element the class hints call chrome is the page's wrapper instead (a theme's
    /// `<div class="above-footer">` around header, article and sidebar alike): it holds an
    /// `<h1>` and at least half of the page's paragraph text. Comment threads and footers hold
    /// no `<h1>`; a header that holds one holds little paragraph text. The counts are made
    /// once per pass, when the first element needs them.
    private func wrapsPage(_ node: HTMLNode, holdings: inout [HTMLNode: Holdings]?) -> Bool {
        guard let root = page.root else { return false }
        if holdings == nil { holdings = Self.holdings(under: root) }
        let total = holdings?[root]?.paragraphBytes ?? 0
        guard total >= 500, let own = holdings?[node], own.headline, own.paragraphBytes * 2 >= total else { return false }
        wrappers.insert(node)
        return true
    }

    private func skipWhitespace(_ node: HTMLNode) -> HTMLNode {
        var current = node
        while current.isText, current.isBlankText, let next = current.next { current = next }
        return current
    }

    // MARK: Finding the article

    /// Runs the pass; the article's text length (0 when nothing was found).
    func run() -> Int {
        guard let root = page.root else { return 0 }
        var toScore: [HTMLNode] = []
        var holdings: [HTMLNode: Holdings]?
        var removeTitleHeader = true
        var node: HTMLNode? = root
        while let current = node {
            let hint = Self.hint(current)
            if !isProbablyVisible(current) {
                node = removeAndNext(current)
                continue
            }
            if current.attribute("aria-modal", is: "true"), current.attribute("role", is: "dialog") {
                node = removeAndNext(current)
                continue
            }
            if checkByline(current, hint: hint) {
                node = removeAndNext(current)
                continue
            }
            if removeTitleHeader, duplicatesTitle(current) {
                removeTitleHeader = false
                node = removeAndNext(current)
                continue
            }
            let tag = current.tag
            // Widget words also name taxonomies on the article itself ("category-newsletter",
            // "membership-content"): an article, main or content element is never a widget.
            let widget = hint.contains(any: ExtractionRules.widgetBytes) && tag != "article" && tag != "main"
                && !hint.contains(any: ExtractionRules.maybeCandidateBytes)
            if hint.contains(any: ExtractionRules.consentBytes) || widget || ExtractionRules.isCommentThread(hint), tag != "html", tag != "body",
               !wrapsPage(current, holdings: &holdings) {
                node = removeAndNext(current)
                continue
            }
            if flags.contains(.stripUnlikely) {
                if hint.contains(any: ExtractionRules.unlikelyBytes), !hint.contains(any: ExtractionRules.maybeCandidateBytes),
                   !hasAncestor(current, "table"), !hasAncestor(current, "code"), tag != "html", tag != "body", tag != "a",
                   !wrapsPage(current, holdings: &holdings) {
                    node = removeAndNext(current)
                    continue
                }
                if let role = current.attribute("role"), ExtractionRules.unlikelyRoles.contains(role) {
                    node = removeAndNext(current)
                    continue
                }
                // Page furniture by its HTML5 element, as trafilatura and jusText treat it.
                if tag == "nav" || tag == "aside" {
                    node = removeAndNext(current)
                    continue
                }
            }
            if ["div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6"].contains(tag), isWithoutContent(current) {
                node = removeAndNext(current)
                continue
            }
            if ExtractionRules.scored.contains(tag) { toScore.append(current) }
            var visited = current
            if tag == "div" {
                wrapPhrasing(in: current)
                if let only = singleChild(current, "p"), linkDensity(current) < 0.25 {
                    current.replace(with: only)
                    detached.append(current)
                    visited = only
                    toScore.append(only)
                } else if !hasBlockChild(current) {
                    current.rename("p")
                    toScore.append(current)
                }
            }
            node = nextNode(visited)
        }

        var candidates: [HTMLNode] = []
        for element in toScore {
            guard let parent = element.parent, parent.isElement else { continue }
            let measure = TextMeasure(element)
            guard measure.length >= 25 else { continue }
            let ancestors = self.ancestors(of: element, maxDepth: 5)
            guard !ancestors.isEmpty else { continue }
            let contentScore = 1.0 + Double(measure.proseCommas + 1) + Double(min(measure.length / 100, 3))
            for (level, ancestor) in ancestors.enumerated() {
                guard let grand = ancestor.parent, grand.isElement else { break }
                _ = grand
                if scores[ancestor] == nil {
                    scores[ancestor] = initialScore(ancestor)
                    candidates.append(ancestor)
                }
                let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level) * 3
                scores[ancestor]! += contentScore / divider
            }
        }

        // Discount by link density; keep the best five, ties to the earlier element.
        var top: [(node: HTMLNode, score: Double)] = []
        let densities = linkDensities(of: Set(candidates), in: root)
        for candidate in candidates {
            let score = scores[candidate]! * (1 - (densities[candidate] ?? 0))
            scores[candidate] = score
            if let index = top.firstIndex(where: { score > $0.score }) {
                top.insert((candidate, score), at: index)
                if top.count > 5 { top.removeLast() }
            } else if top.count < 5 {
                top.append((candidate, score))
            }
        }

        guard let body = page.body else { return 0 }
        var topCandidate: HTMLNode
        var created = false
        if let best = top.first, !best.node.isTag("body") {
            topCandidate = best.node
            topCandidate = promoteSharedAncestor(topCandidate, top: top)
            if scores[topCandidate] == nil { scores[topCandidate] = initialScore(topCandidate) }
            topCandidate = climb(from: topCandidate, body: body)
        } else {
            topCandidate = page.element("div")
            created = true
            for child in body.children { topCandidate.append(child) }
            body.append(topCandidate)
            scores[topCandidate] = initialScore(topCandidate)
        }

        let content = page.element("div")
        article = content
        if created {
            content.append(topCandidate)
        } else {
            let parts = otherParts(of: top, chosen: topCandidate, body: body)
            mergeSiblings(of: topCandidate, into: content)
            if let first = content.firstChild {
                for part in parts.before { first.insertBefore(part) }
            }
            for part in parts.after { content.append(part) }
        }
        ArticleCleaner(pass: self).clean(content)
        return TextMeasure.length(content)
    }

    /// The article's other parts when a page splits it into blocks of one kind (a page
    /// builder's text modules, each in a row of its own): elements of the best candidate's tag
    /// and class, outside the chosen element, scoring at least a third of the best; in
    /// document order, split into those before the chosen element and those after it.
    private func otherParts(of top: [(node: HTMLNode, score: Double)], chosen: HTMLNode, body: HTMLNode)
        -> (before: [HTMLNode], after: [HTMLNode]) {
        guard let best = top.first, let kind = best.node.attribute("class"), !kind.isEmpty else { return ([], []) }
        // A third: from a tenth to a half, the same pages gain and none loses on either set.
        var wanted: Set<HTMLNode> = []
        for entry in top.dropFirst() where entry.score >= best.score / 3 && entry.node.tag == best.node.tag
            && entry.node.attribute("class") == kind && entry.node != chosen && !isInside(entry.node, chosen) && !isInside(chosen, entry.node) {
            wanted.insert(entry.node)
        }
        guard !wanted.isEmpty else { return ([], []) }
        var before: [HTMLNode] = [], after: [HTMLNode] = []
        var passed = false
        var node: HTMLNode? = body
        while let current = node {
            if current == chosen { passed = true }
            if wanted.contains(current) {
                if passed { after.append(current) } else { before.append(current) }
                node = current.nextInSubtree(of: body, descend: false)
                continue
            }
            node = current.nextInSubtree(of: body)
        }
        return (before, after)
    }

    private func isInside(_ node: HTMLNode, _ ancestor: HTMLNode) -> Bool {
        var current = node.parentElement
        while let parent = current {
            if parent == ancestor { return true }
            current = parent.parentElement
        }
        return false
    }

    /// When three or more of the runners-up (within 75 % of the best) share an ancestor with the
    /// best, that ancestor holds the article (its parts were scored separately).
    private func promoteSharedAncestor(_ best: HTMLNode, top: [(node: HTMLNode, score: Double)]) -> HTMLNode {
        let bestScore = top[0].score
        var alternatives: [[HTMLNode]] = []
        for entry in top.dropFirst() where bestScore > 0 && entry.score / bestScore >= 0.75 {
            alternatives.append(ancestors(of: entry.node, maxDepth: 0))
        }
        guard alternatives.count >= 3 else { return best }
        var parent = best.parentElement
        while let current = parent, !current.isTag("body") {
            let sharing = alternatives.filter { $0.contains(current) }.count
            if sharing >= 3 { return current }
            parent = current.parentElement
        }
        return best
    }

    /// Walks up while the parent scores better (the article was split in parts), then past
    /// wrappers that hold nothing else.
    private func climb(from start: HTMLNode, body: HTMLNode) -> HTMLNode {
        var candidate = start
        var lastScore = scores[candidate] ?? 0
        let threshold = lastScore / 3
        var parent = candidate.parentElement
        while let current = parent, !current.isTag("body") {
            guard let score = scores[current] else {
                parent = current.parentElement
                continue
            }
            if score < threshold { break }
            if score > lastScore {
                candidate = current
                break
            }
            lastScore = score
            parent = current.parentElement
        }
        parent = candidate.parentElement
        // A page wrapper is not climbed into: its siblings are the page's other regions.
        while let current = parent, !current.isTag("body"), !wrappers.contains(current), current.elementChildren.count == 1 {
            candidate = current
            parent = current.parentElement
        }
        if scores[candidate] == nil { scores[candidate] = initialScore(candidate) }
        return candidate
    }

    /// Siblings of the best element that belong to the article: ones scoring at least a fifth
    /// of it (more easily with the same class), and paragraphs that read as prose.
    private func mergeSiblings(of best: HTMLNode, into content: HTMLNode) {
        let bestScore = scores[best] ?? 0
        let threshold = max(10, bestScore * 0.2)
        let bestClass = best.attribute("class") ?? ""
        guard let parent = best.parentElement else {
            content.append(best)
            return
        }
        for sibling in parent.elementChildren {
            var keep = sibling == best
            if !keep {
                var bonus = 0.0
                if !bestClass.isEmpty, sibling.attribute("class") == bestClass { bonus += bestScore * 0.2 }
                if let score = scores[sibling], score + bonus >= threshold {
                    keep = true
                } else if sibling.isTag("p") {
                    let density = linkDensity(sibling)
                    let text = innerText(sibling)
                    let length = text.utf16.count
                    if length > 80 && density < 0.25 {
                        keep = true
                    } else if length < 80, length > 0, density == 0, Self.endsSentence(text) {
                        keep = true
                    }
                }
            }
            guard keep else { continue }
            if !ExtractionRules.keptSiblingTags.contains(sibling.tag) { sibling.rename("div") }
            content.append(sibling)
        }
    }

    /// A full stop followed by a space or the end (Readability's `/\.( |$)/`).
    private static func endsSentence(_ text: String) -> Bool {
        var previousWasDot = false
        for character in text {
            if previousWasDot && character == " " { return true }
            previousWasDot = character == "."
        }
        return previousWasDot
    }

    // MARK: Node tests

    static func hint(_ node: HTMLNode) -> ExtractionRules.Hint {
        guard node.isElement, node.pointee.properties != nil else { return ExtractionRules.Hint("") }
        return ExtractionRules.Hint(node.attributeBytes("class"), node.attributeBytes("id"))
    }

    func classWeight(_ node: HTMLNode) -> Double {
        guard flags.contains(.weightClasses) else { return 0 }
        var weight = 0.0
        guard node.pointee.properties != nil else { return 0 }
        for value in [node.attributeBytes("class"), node.attributeBytes("id")] {
            guard let value, value.count > 0 else { continue }
            let hint = ExtractionRules.Hint(value)
            if ExtractionRules.isNegative(hint) { weight -= 25 }
            if hint.contains(any: ExtractionRules.positiveBytes) { weight += 25 }
        }
        if weight < 0, wrappers.contains(node) { return 0 }
        return weight
    }

    private func initialScore(_ node: HTMLNode) -> Double {
        var score = classWeight(node)
        switch node.tag {
        case "div": score += 5
        case "pre", "td", "blockquote": score += 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score -= 3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score -= 5
        default: break
        }
        return score
    }

    private func isProbablyVisible(_ node: HTMLNode) -> Bool {
        guard node.isElement, node.pointee.properties != nil else { return true }
        if let style = node.attributeBytes("style"), Self.hides(style) { return false }
        if node.hasAttribute("hidden") { return false }
        if node.attribute("aria-hidden", is: "true"),
           ExtractionRules.Hint(node.attributeBytes("class")).range(of: Array("fallback-image".utf8), from: 0) == nil {
            return false
        }
        return true
    }

    /// Whether inline CSS says `display: none` or `visibility: hidden`.
    private static func hides(_ style: UnsafeBufferPointer<UInt8>) -> Bool {
        var compact: [UInt8] = []
        compact.reserveCapacity(style.count)
        for byte in style where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            compact.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)  // lowercase ASCII
        }
        let text = ExtractionRules.Hint(lowercased: compact)
        return text.range(of: Array("display:none".utf8), from: 0) != nil || text.range(of: Array("visibility:hidden".utf8), from: 0) != nil
    }

    private func checkByline(_ node: HTMLNode, hint: ExtractionRules.Hint) -> Bool {
        guard !bylineFound, node.isElement, node.pointee.properties != nil else { return false }
        let itemprop = ExtractionRules.Hint(node.attributeBytes("itemprop"))
        guard node.attribute("rel", is: "author") || itemprop.range(of: Array("author".utf8), from: 0) != nil
            || hint.contains(any: ExtractionRules.bylineBytes)
        else { return false }
        let text = node.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.utf16.count < 100 else { return false }
        var name = text
        if let named = node.descendants(in: ["span", "a", "div", "p"]).first(where: { $0.attribute("itemprop") == "name" }) {
            let value = named.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty { name = value }
        }
        byline = name.collapsedWhitespace
        bylineFound = true
        return true
    }

    /// An `<h1>`/`<h2>` repeating the page title (the title is reported separately).
    private func duplicatesTitle(_ node: HTMLNode) -> Bool {
        guard node.isTag("h1") || node.isTag("h2"), !articleTitle.isEmpty else { return false }
        return TitleSimilarity.similarity(articleTitle, innerText(node)) > 0.75
    }

    private func isWithoutContent(_ node: HTMLNode) -> Bool {
        guard !node.hasVisibleText else { return false }
        let elements = node.elementChildren
        return elements.isEmpty || elements.count == node.count("br") + node.count("hr")
    }

    func isWhitespace(_ node: HTMLNode) -> Bool {
        if node.isText { return node.isBlankText }
        return node.isTag("br")
    }

    func isPhrasing(_ node: HTMLNode) -> Bool {
        if node.isText { return true }
        guard node.isElement else { return false }
        let tag = node.tag
        if ExtractionRules.phrasing.contains(tag) { return true }
        if ExtractionRules.phrasingIfContentIs.contains(tag) { return node.children.allSatisfy(isPhrasing) }
        return false
    }

    private func hasBlockChild(_ node: HTMLNode) -> Bool {
        node.elementChildren.contains { ExtractionRules.blockChildren.contains($0.tag) || hasBlockChild($0) }
    }

    /// The only element child, when it is a `tag` and no text sits beside it.
    private func singleChild(_ node: HTMLNode, _ tag: StaticString) -> HTMLNode? {
        var found: HTMLNode?
        for child in node.children {
            if child.isElement {
                if found != nil || !child.isTag(tag) { return nil }
                found = child
            } else if child.isText, !child.isBlankText {
                return nil
            }
        }
        return found
    }

    /// Runs of inline content directly inside a `<div>` become paragraphs.
    private func wrapPhrasing(in div: HTMLNode) {
        var paragraph: HTMLNode?
        var child = div.firstChild
        while let node = child {
            child = node.next
            if isPhrasing(node) {
                if let paragraph {
                    paragraph.append(node)
                } else if !isWhitespace(node) {
                    let created = page.element("p")
                    xmlAddPrevSibling(node, created)
                    created.append(node)
                    paragraph = created
                }
            } else if let open = paragraph {
                while let last = open.lastChild, isWhitespace(last) { remove(last) }
                paragraph = nil
            }
        }
    }

    func hasAncestor(_ node: HTMLNode, _ tag: StaticString, maxDepth: Int = 3, where test: ((HTMLNode) -> Bool)? = nil) -> Bool {
        var depth = 0
        var current = node.parentElement
        while let parent = current {
            if maxDepth > 0 && depth > maxDepth { return false }
            if parent.isTag(tag), test?(parent) ?? true { return true }
            current = parent.parentElement
            depth += 1
        }
        return false
    }

    private func ancestors(of node: HTMLNode, maxDepth: Int) -> [HTMLNode] {
        var result: [HTMLNode] = []
        var current = node.parent
        while let parent = current, parent.isElement {
            result.append(parent)
            if maxDepth > 0 && result.count == maxDepth { break }
            current = parent.parent
        }
        return result
    }

    // MARK: Measures

    /// The share of an element's text inside links (links to "#…" count 0.3: they are usually
    /// footnotes and tables of contents within the article).
    func linkDensity(_ node: HTMLNode) -> Double {
        let length = TextMeasure.length(node)
        guard length > 0 else { return 0 }
        var linked = 0.0
        for link in node.descendants("a") {
            let coefficient = (link.attribute("href")?.hasPrefix("#") ?? false) ? 0.3 : 1
            linked += Double(TextMeasure.length(link)) * coefficient
        }
        return linked / Double(length)
    }

    /// `linkDensity` of many elements in one walk of the tree (scoring asks it of every
    /// candidate, and candidates nest). Each text node counts its own folded length, so the
    /// white space between nodes is counted slightly differently than by `linkDensity`.
    private func linkDensities(of wanted: Set<HTMLNode>, in root: HTMLNode) -> [HTMLNode: Double] {
        var result: [HTMLNode: Double] = [:]
        func walk(_ node: HTMLNode, linkWeight: Double) -> (text: Int, linked: Double) {
            var text = 0
            var linked = 0.0
            var child = node.firstChild
            while let current = child {
                if current.isText {
                    let length = TextMeasure.length(current)
                    text += length
                    linked += Double(length) * linkWeight
                } else if current.isElement {
                    var weight = linkWeight
                    if current.isTag("a") { weight = (current.attribute("href")?.hasPrefix("#") ?? false) ? 0.3 : 1 }
                    let inner = walk(current, linkWeight: weight)
                    text += inner.text
                    linked += inner.linked
                }
                child = current.next
            }
            if wanted.contains(node) { result[node] = text > 0 ? linked / Double(text) : 0 }
            return (text, linked)
        }
        _ = walk(root, linkWeight: 0)
        return result
    }

    /// The element's text, trimmed, white space runs folded.
    func innerText(_ node: HTMLNode) -> String {
        node.textContent.collapsedWhitespace
    }

    func isDataTable(_ node: HTMLNode) -> Bool { dataTables.contains(node) }

    func markDataTable(_ node: HTMLNode) { dataTables.insert(node) }

    // MARK: Tree edits

    func remove(_ node: HTMLNode) {
        node.detach()
        detached.append(node)
    }

    private func removeAndNext(_ node: HTMLNode) -> HTMLNode? {
        let next = nextNode(node, skipChildren: true)
        remove(node)
        return next
    }

    /// The next element in document order (Readability's `_getNextNode`).
    private func nextNode(_ node: HTMLNode, skipChildren: Bool = false) -> HTMLNode? {
        if !skipChildren, let child = node.firstElementChild { return child }
        if let sibling = node.nextElementSibling { return sibling }
        var current = node.parent
        while let parent = current {
            if let sibling = parent.nextElementSibling { return sibling }
            current = parent.parent
        }
        return nil
    }
}

extension String {
    /// Trimmed, with each run of white space made one space (DigestText's word splitting).
    var collapsedWhitespace: String {
        words().joined(separator: " ")
    }
}
