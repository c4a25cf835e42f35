import CLibXML2
import Foundation

/// Cleans the subtree a `ReadabilityPass` chose: forms, embeds, share bars, headings styled as
/// furniture, and "conditionally" every table, list and `<div>` that looks more like navigation
/// or a gallery than text (Readability's `_prepArticle` and `_cleanConditionally` rules).
struct ArticleCleaner {
    let pass: ReadabilityPass

    func clean(_ article: HTMLNode) {
        markDataTables(article)
        cleanConditionally(article, "form")
        cleanConditionally(article, "fieldset")
        for node in article.descendants(in: ["object", "embed", "footer", "link", "aside", "nav"]) where attached(node, to: article) {
            pass.remove(node)
        }
        for child in article.elementChildren { removeShareElements(in: child) }
        for node in article.descendants(in: ["iframe", "input", "textarea", "select", "button"]) where attached(node, to: article) {
            pass.remove(node)
        }
        for heading in article.descendants(in: ["h1", "h2"]) where pass.classWeight(heading) < 0 { pass.remove(heading) }
        cleanConditionally(article, "table")
        cleanConditionally(article, "ul")
        cleanConditionally(article, "div")
        for heading in article.descendants("h1") { heading.rename("h2") }
        for paragraph in article.descendants("p") {
            let media = paragraph.count("img") + paragraph.count("embed") + paragraph.count("object") + paragraph.count("iframe")
            if media == 0, TextMeasure.length(paragraph) == 0 { pass.remove(paragraph) }
        }
        for table in article.descendants("table") { flattenSingleCell(table) }
    }

    private func attached(_ node: HTMLNode, to root: HTMLNode) -> Bool {
        var current: HTMLNode? = node
        while let step = current {
            if step == root { return true }
            current = step.parent
        }
        return false
    }

    /// Share buttons and their counters, when short.
    private func removeShareElements(in node: HTMLNode) {
        var current = node.firstChild.flatMap { _ in node.nextInSubtree(of: node) }
        while let element = current {
            if element.isElement, ExtractionRules.isShare(ReadabilityPass.hint(element)), TextMeasure.length(element) < 500 {
                let next = element.nextInSubtree(of: node, descend: false)
                pass.remove(element)
                current = next
                continue
            }
            current = element.nextInSubtree(of: node)
        }
    }

    /// A table of data (as opposed to one used for layout) is kept whole (Readability's rules:
    /// headers, captions, summaries, or enough rows and columns).
    private func markDataTables(_ article: HTMLNode) {
        for table in article.descendants("table") {
            if table.attribute("role") == "presentation" { continue }
            if table.attribute("datatable") == "0" { continue }
            if table.hasAttribute("summary") { pass.markDataTable(table); continue }
            if let caption = table.firstDescendant("caption"), caption.firstChild != nil { pass.markDataTable(table); continue }
            if !table.descendants(in: ["col", "colgroup", "tfoot", "thead", "th"]).isEmpty { pass.markDataTable(table); continue }
            if table.firstDescendant("table") != nil { continue }
            var rows = 0
            var columns = 0
            for row in table.descendants("tr") {
                rows += Self.span(row.attribute("rowspan"))
                var rowColumns = 0
                for cell in row.elementChildren where cell.isTag("td") { rowColumns += Self.span(cell.attribute("colspan")) }
                columns = max(columns, rowColumns)
            }
            if rows >= 10 || columns > 4 || rows * columns > 10 { pass.markDataTable(table) }
        }
    }

    /// A `rowspan`/`colspan` as browsers read it: a missing, bad or non-positive value is 1, and
    /// HTML caps spans (1000 columns, 65534 rows), so sums of them cannot overflow.
    static func span(_ text: String?) -> Int {
        guard let text, let value = Int(text.trimmingCharacters(in: .whitespaces).prefix(6)), value > 0 else { return 1 }
        return min(value, 65_534)
    }

    private func cleanConditionally(_ article: HTMLNode, _ tag: StaticString) {
        guard pass.flags.contains(.cleanConditionally) else { return }
        for node in article.descendants(tag).reversed() where shouldRemove(node, tag: tag) {
            pass.remove(node)
        }
    }

    private func shouldRemove(_ node: HTMLNode, tag: StaticString) -> Bool {
        let name = node.tag
        var isList = name == "ul" || name == "ol"
        let measure = TextMeasure(node)
        if !isList {
            let listLength = node.descendants(in: ["ul", "ol"]).reduce(0) { $0 + TextMeasure.length($1) }
            isList = measure.length > 0 && Double(listLength) / Double(measure.length) > 0.9
        }
        if name == "table", pass.isDataTable(node) { return false }
        if pass.hasAncestor(node, "table", maxDepth: -1, where: pass.isDataTable) { return false }
        if pass.hasAncestor(node, "code") { return false }
        if node.descendants("table").contains(where: pass.isDataTable) { return false }
        let weight = pass.classWeight(node)
        if weight < 0 { return true }
        guard measure.commas < 10 else { return false }

        let paragraphs = Double(node.count("p"))
        let images = Double(node.count("img"))
        let items = Double(node.count("li")) - 100
        let inputs = Double(node.count("input"))
        let headingLength = node.descendants(in: ["h1", "h2", "h3", "h4", "h5", "h6"]).reduce(0) { $0 + TextMeasure.length($1) }
        let headingDensity = measure.length > 0 ? Double(headingLength) / Double(measure.length) : 0
        let embeds = node.descendants(in: ["object", "embed", "iframe"]).filter { !isVideo($0) }.count
        let linkDensity = pass.linkDensity(node)
        let length = measure.length
        let inFigure = pass.hasAncestor(node, "figure")

        var remove = (images > 1 && paragraphs / images < 0.5 && !inFigure)
            || (!isList && items > paragraphs)
            || (inputs > (paragraphs / 3).rounded(.down))
            || (!isList && headingDensity < 0.9 && length < 25 && (images == 0 || images > 2) && !inFigure)
            || (!isList && weight < 25 && linkDensity > 0.2)
            || (weight >= 25 && linkDensity > 0.5)
            || ((embeds == 1 && length < 75) || embeds > 1)
        // A list whose every item is one image is a gallery worth keeping.
        if isList && remove {
            let children = node.elementChildren
            if children.allSatisfy({ $0.elementChildren.count <= 1 }),
               children.count == node.count("img"), !children.isEmpty {
                remove = false
            }
        }
        return remove
    }

    private func isVideo(_ node: HTMLNode) -> Bool {
        let source = (node.attribute("src") ?? "") + " " + (node.attribute("data") ?? "")
        return ["youtube.com", "youtube-nocookie.com", "player.vimeo.com", "dailymotion.com", "v.qq.com", "archive.org/embed",
                "upload.wikimedia.org", "player.twitch.tv", "bilibili.com", "live.bilibili.com"].contains { source.contains($0) }
    }

    /// A one-row, one-cell table is a layout wrapper: its cell's content takes its place.
    private func flattenSingleCell(_ table: HTMLNode) {
        guard table.parent != nil else { return }
        var inner = table
        if let body = singleElementChild(table), body.isTag("tbody") { inner = body }
        guard let row = singleElementChild(inner), row.isTag("tr"), let cell = singleElementChild(row), cell.isTag("td") else { return }
        cell.rename(cell.children.allSatisfy(pass.isPhrasing) ? "p" : "div")
        table.replace(with: cell)
        pass.remove(table)
    }

    private func singleElementChild(_ node: HTMLNode) -> HTMLNode? {
        let elements = node.elementChildren
        guard elements.count == 1 else { return nil }
        let hasText = node.children.contains { $0.isText && !$0.isBlankText }
        return hasText ? nil : elements[0]
    }
}
