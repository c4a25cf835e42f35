import DigestText
import Foundation

/// The name in an author string as feeds write it: "Jane Doe (jane@example.org)",
/// "jane@example.org (Jane Doe)", "Jane Doe <jane@example.org>", or a bare name or address.
enum AuthorName {
    static func parse(_ raw: String) -> String? {
        let trimmed = raw.collapsingASCIIWhitespace()
        guard !trimmed.isEmpty else { return nil }
        // A bare name, the usual case, has no address to take out.
        guard trimmed.utf8.contains(UInt8(ascii: "@")), let email = emailRange(in: trimmed) else { return trimmed }
        var rest = trimmed
        rest.removeSubrange(email)
        // What is left once the address and its brackets are gone is the name.
        let name = rest.replacingOccurrences(of: "()", with: "").replacingOccurrences(of: "<>", with: "")
            .trimmingCharacters(in: CharacterSet(charactersIn: " ()<>\"'\t\n"))
        return name.isEmpty ? String(trimmed[email]) : name
    }

    private static func emailRange(in text: String) -> Range<String.Index>? {
        guard let at = text.firstIndex(of: "@") else { return nil }
        let isAddressCharacter: (Character) -> Bool = { $0.isLetter || $0.isNumber || "._%+-".contains($0) }
        var start = at
        while start > text.startIndex, isAddressCharacter(text[text.index(before: start)]) { start = text.index(before: start) }
        var end = text.index(after: at)
        while end < text.endIndex, isAddressCharacter(text[end]) { end = text.index(after: end) }
        guard start < at, text.index(after: at) < end else { return nil }
        // "mailto:" belongs to the address.
        if text[..<start].hasSuffix("mailto:") { start = text.index(start, offsetBy: -7) }
        return start..<end
    }
}
