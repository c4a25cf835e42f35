import Mustache

/// Escapes feed text for Markdown: a backslash before each character that CommonMark would read
/// as markup, so a headline like `*Breaking*` or `<b>` shows as written. Templates opt in with
/// `{{% CONTENT_TYPE: MARKDOWN }}`; URLs go in with triple braces, already made safe by `SafeLink`.
struct MarkdownContentType: MustacheContentType {
    static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "~", "&"]

    func escapeText(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        // Text that may open a line must not start a list or a heading underline:
        // "2024. A year…" and "- quoted" stay text.
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9, let mark = text.dropFirst(digits.count).first, mark == "." || mark == ")" {
            return String(digits) + "\\" + escapeText(String(text.dropFirst(digits.count)))
        }
        if let first = text.first, first == "-" || first == "+" || first == "=" { result.append("\\") }
        for character in text {
            if Self.special.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// Registered once per process, before any template that names it is parsed.
    static let registered: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
    }()
}
