import DigestModel
import DigestRender
import Foundation

/// A briefing as one e-mail: an RFC 5322 message with a `multipart/alternative` body (RFC 2046),
/// the plain text first and the HTML second, so a client shows the richest part it can.
///
/// Both parts are quoted-printable (RFC 2045, section 6.7), which keeps every line at most 76
/// octets and the text readable in the raw message; header text outside ASCII is written as
/// RFC 2047 encoded words. Lines end in CRLF, as the message format wants; `sendmail -t` reads
/// the recipients from `To`.
public struct MailMessage: Sendable {
    /// The message, CRLF line ends.
    public var text: String
    /// Its `Message-ID`, without angle brackets.
    public var messageID: String
    /// Its decoded subject.
    public var subject: String

    /// The message for the briefing `context` (named `name` in `folder`), with `textBody` and
    /// `htmlBody` as its parts.
    public init(context: BriefingContext, name: String, folder: URL, email: DeliveryOptions.Email, textBody: String, htmlBody: String,
                timeZone: TimeZone) {
        let domain = email.from.split(separator: "@").last.map(String.init) ?? "localhost"
        // Stable per briefing: the same briefing sent again is the same message to a mail client.
        let key = StableHash.hex("\(folder.standardizedFileURL.path)\n\(name)")
        messageID = "digest.\(name).\(key)@\(domain)"
        subject = Self.subject(email.subject, context: context)
        let boundary = "=_digest_\(key)"  // "=_" never occurs in quoted-printable text
        let date = ISO8601DateFormatter().date(from: context.generatedAt) ?? Date()
        var headers = [
            "Date: \(Self.rfc5322Date(date, timeZone: timeZone))",
            "From: \(Self.mailbox(name: context.title, address: email.from, offset: "From: ".count))",
            // Many recipients: one per line, so no line passes the limit.
            "To: \(email.to.joined(separator: email.to.joined(separator: ", ").count > 70 ? ",\r\n " : ", "))",
            "Subject: \(Self.encodedHeader(subject, offset: "Subject: ".count))",
            "Message-ID: <\(messageID)>",
            "List-Id: \(Self.named(Self.phrase(context.title, offset: "List-Id: ".count), address: "\(Self.listLabel(context.title)).\(domain)", offset: "List-Id: ".count))",
            // RFC 3834: made by a program, so vacation replies stay away.
            "Auto-Submitted: auto-generated",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
        ]
        headers.append("")
        var body = ["This is a message in MIME format: the briefing as text and as HTML.", ""]
        for (type, content) in [("text/plain", textBody), ("text/html", htmlBody)] {
            body.append("--\(boundary)")
            body.append("Content-Type: \(type); charset=utf-8")
            body.append("Content-Transfer-Encoding: quoted-printable")
            body.append("")
            body.append(Self.quotedPrintable(content))
        }
        body.append("--\(boundary)--")
        body.append("")
        text = (headers + body).joined(separator: "\r\n")
    }

    /// The subject template rendered over the context, on one line of at most 200 characters.
    static func subject(_ template: String, context: BriefingContext) -> String {
        let rendered = TextTemplate.render(template, context: context) ?? context.title
        let line = rendered.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        let clipped = line.count > 200 ? String(line.prefix(199)) + "…" : line
        return clipped.isEmpty ? context.title : clipped
    }

    /// `Mon, 30 Nov 2026 07:00:00 +0100` (RFC 5322, section 3.3), in `timeZone`.
    static func rfc5322Date(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// `"Morning Briefing" <digest@example.org>`, the name encoded when it is not ASCII; the
    /// address goes on a line of its own when the first would pass 76 characters.
    static func mailbox(name: String, address: String, offset: Int) -> String {
        named(phrase(name, offset: offset), address: address, offset: offset)
    }

    /// `phrase <address>`, folded before the address when the line would pass 76 characters.
    static func named(_ phrase: String, address: String, offset: Int) -> String {
        let lastLine = phrase.components(separatedBy: "\r\n").last ?? phrase
        let used = (phrase.contains("\r\n") ? 0 : offset) + lastLine.count
        return used + 2 + address.count + 2 > 76 ? "\(phrase)\r\n <\(address)>" : "\(phrase) <\(address)>"
    }

    /// A display name: a quoted string when it is printable ASCII, else encoded words.
    static func phrase(_ text: String, offset: Int) -> String {
        let clipped = String(text.prefix(120))
        guard isPrintableASCII(clipped) else { return encodedWords(clipped, offset: offset) }
        return "\"" + clipped.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A list label from a title: its ASCII slug, at most 60 characters.
    static func listLabel(_ title: String) -> String {
        let label = FeedSource.asciiSlug(title)
        return label.isEmpty ? "digest" : String(label.prefix(60))
    }

    /// Whether `text` is printable ASCII, which a header may carry as it is.
    static func isPrintableASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
    }

    /// Unstructured header text: as it is when it is printable ASCII (folded at spaces so no
    /// line passes 78 characters), else RFC 2047 encoded words. `offset` is the length of the
    /// header's name before it on the first line.
    static func encodedHeader(_ text: String, offset: Int) -> String {
        guard isPrintableASCII(text), !text.contains("=?") else {
            return encodedWords(text, offset: offset)
        }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let width = (lines.isEmpty ? offset : 0) + line.count
            if !line.isEmpty, width + 1 + word.count > 78 {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty && lines.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// `=?UTF-8?B?…?=` words, each holding whole characters, folded onto lines of their own so
    /// that no line passes 76 characters; `offset` is what stands before the first word on its
    /// line (`Subject: `). RFC 2047, sections 2 and 5.
    public static func encodedWords(_ text: String, offset: Int = 0) -> String {
        // Base64 characters that fit a line beside "=?UTF-8?B?" and "?=" (12), as whole bytes.
        func room(_ used: Int) -> Int { max(3, min(63, 76 - 12 - used) / 4 * 3) }
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = room(min(offset, 40))
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > limit, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
                limit = room(1)  // a folded line starts with one space
            }
            chunk += bytes.prefix(limit)
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Quoted-printable text with CRLF line ends: every line at most 76 characters, a soft
    /// break (`=`) where a long line is cut, `=`, controls and 8-bit bytes as `=XX`, a space or
    /// tab before a line end encoded, and a line's leading `.` or `From ` encoded too, so no
    /// transport or mailbox format can read it as anything else.
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            if number > 0 { output += [0x0D, 0x0A] }
            let bytes = Array(line.utf8)
            var width = 0
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let literal = (byte >= 0x21 && byte <= 0x7E && byte != 0x3D) || ((byte == 0x20 || byte == 0x09) && !last)
                let leading = index == 0 && (byte == 0x2E || (byte == 0x46 && bytes.starts(with: Array("From ".utf8))))
                let piece: [UInt8] = literal && !leading ? [byte] : [0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                // Room for a soft break: at most 75 characters before the "=".
                if width + piece.count > 75 {
                    output += [0x3D, 0x0D, 0x0A]
                    width = 0
                }
                output += piece
                width += piece.count
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
