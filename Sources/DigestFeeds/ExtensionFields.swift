import CLibXML2
import DigestModel
import DigestText
import Foundation

/// Values from the vocabularies that RSS and Atom documents both borrow: Dublin Core and
/// its terms, iTunes podcasts, Media RSS and `content:encoded`. Read once here, used by both
/// readers' adapters as fallbacks behind their own elements.
struct ExtensionFields {
    var dcTitle: String?
    var dcCreator: String?
    var dcDescription: TextValue?
    var dcDate: String?
    var dcLanguage: String?
    var dcIdentifier: String?
    var dctermsIssued: String?
    var dctermsModified: String?
    var subjects: [String] = []
    var itunesAuthor: String?
    var itunesSubtitle: TextValue?
    var itunesSummary: TextValue?
    var itunesCategories: [String] = []
    var itunesKeywords: [String] = []
    var mediaTitle: TextValue?
    var mediaDescription: TextValue?
    var mediaCategories: [String] = []
    var contentEncoded: TextValue?

    /// Reads `node` when its `key` belongs to these vocabularies; false for anything else.
    mutating func read(_ node: XMLElement, key: String) -> Bool {
        switch key {
        case "dc:title": dcTitle = dcTitle ?? TextValue.guess(node).plain
        case "dc:creator", "dc:author", "dc:contributor": dcCreator = dcCreator ?? node.textContent
        case "dc:description": dcDescription = dcDescription ?? TextValue.html(node)
        case "dc:date": dcDate = dcDate ?? node.textContent
        case "dc:language": dcLanguage = dcLanguage ?? node.textContent.trimmed
        case "dc:identifier": dcIdentifier = dcIdentifier ?? node.textContent.trimmed
        case "dcterms:issued", "dcterms:created": dctermsIssued = dctermsIssued ?? node.textContent
        case "dcterms:modified": dctermsModified = dctermsModified ?? node.textContent
        case "dc:subject", "dcterms:subject": appendTerm(node.textContent, to: &subjects)
        case "itunes:author": itunesAuthor = itunesAuthor ?? node.textContent
        case "itunes:subtitle": itunesSubtitle = itunesSubtitle ?? TextValue.guess(node)
        case "itunes:summary": itunesSummary = itunesSummary ?? TextValue.guess(node)
        case "itunes:category": readITunesCategory(node)
        case "itunes:keywords":
            for keyword in node.textContent.split(separator: ",") { appendTerm(String(keyword), to: &itunesKeywords) }
        case "media:title": mediaTitle = mediaTitle ?? TextValue.guess(node)
        case "media:description": mediaDescription = mediaDescription ?? TextValue.guess(node)
        case "media:category": appendTerm(node.textContent, to: &mediaCategories)
        case "media:group", "media:content":
            // Media RSS puts its descriptive elements inside groups and content elements.
            for child in node.childElements { _ = read(child, key: child.key) }
        case "content:encoded": contentEncoded = contentEncoded ?? .html(node.hasElementChildren ? node.innerMarkup : node.textContent)
        default: return false
        }
        return true
    }

    /// iTunes categories nest (`Technology › Gadgets`); each level is a term.
    private mutating func readITunesCategory(_ node: XMLElement) {
        if let text = node.attribute("text") { appendTerm(text, to: &itunesCategories) }
        for child in node.childElements where child.key == "itunes:category" { readITunesCategory(child) }
    }

    /// All category terms, in the order feedparser lists them.
    var categories: [String] { subjects + itunesCategories + itunesKeywords + mediaCategories }
}

func appendTerm(_ raw: String, to terms: inout [String]) {
    let term = raw.trimmed
    if !term.isEmpty { terms.append(term) }
}

extension String {
    var trimmed: String { trimmingWhitespace() }
}
