import CLibXML2
import Foundation

/// Process-wide libxml2 set-up and error text.
enum LibXML {
    /// `xmlInitParser` must run once before threads use the parser; Swift runs this lazily and once.
    static let initialized: Void = { xmlInitParser() }()

    static func describe(_ error: xmlError) -> String {
        let message = error.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "malformed XML"
        return error.line > 0 ? "line \(error.line): \(message)" : message
    }
}

/// The XML namespace, home of `xml:base` and `xml:lang`.
let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
