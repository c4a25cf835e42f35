import CLibXML2
import Foundation

/// Reads an HTML page with libxml2's HTML parser, as a browser would see its elements, and
/// lists everything that could run code or lead off the page to something other than the web:
/// `<script>` (and other active elements), `on…` event attributes, `style` attributes, and links
/// or sources whose scheme is not http(s). Relative links to the briefing's own files and
/// in-page anchors are allowed.
enum HTMLAudit {
    static let activeElements: Set<String> = ["script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "input", "button", "img", "svg", "math", "link", "meta", "style"]
    static let linkAttributes: Set<String> = ["href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background"]

    static func problems(_ html: String, allowedOwnLinks: (String) -> Bool) -> [String] {
        var bytes = Array(html.utf8)
        guard let document = htmlReadMemory(&bytes, Int32(bytes.count), nil, "UTF-8",
                                            Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)) else {
            return ["libxml2 could not read the page"]
        }
        defer { xmlFreeDoc(document) }
        var problems: [String] = []
        func walk(_ node: UnsafeMutablePointer<xmlNode>?, inHead: Bool) {
            var node = node
            while let current = node {
                if current.pointee.type == XML_ELEMENT_NODE {
                    let name = String(cString: current.pointee.name).lowercased()
                    // The page's own <meta>, <style> and feed <link> in <head> are ours; anything in the body is not.
                    if activeElements.contains(name) && !(inHead && ["meta", "style", "link"].contains(name)) {
                        problems.append("<\(name)> element")
                    }
                    var attribute = current.pointee.properties
                    while let property = attribute {
                        let attributeName = String(cString: property.pointee.name).lowercased()
                        var value = ""
                        if let text = xmlNodeGetContent(UnsafeMutablePointer<xmlNode>(OpaquePointer(property))) {
                            value = String(cString: text)
                            digest_xmlFree(text)
                        }
                        if attributeName.hasPrefix("on") { problems.append("\(attributeName)= on <\(name)>") }
                        if attributeName == "style" { problems.append("style= on <\(name)>") }
                        if linkAttributes.contains(attributeName) {
                            let link = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
                            if !(link.hasPrefix("http://") || link.hasPrefix("https://") || link.hasPrefix("#") || allowedOwnLinks(value)) {
                                problems.append("\(attributeName)=\"\(value)\" on <\(name)>")
                            }
                        }
                        attribute = property.pointee.next
                    }
                    walk(current.pointee.children, inHead: inHead || name == "head")
                }
                node = current.pointee.next
            }
        }
        walk(xmlDocGetRootElement(document), inHead: false)
        return problems
    }
}
