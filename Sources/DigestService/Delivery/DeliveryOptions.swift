import Foundation

/// `[delivery]`: where each briefing is sent once it is written.
public struct DeliveryOptions: Sendable, Equatable {
    /// `[delivery.email]`, when set.
    public var email: Email?
    /// `[[delivery.webhook]]`, in the order written.
    public var webhooks: [Webhook] = []
    /// How long a briefing that cannot be delivered is tried again before it is given up.
    public var giveUpAfter: TimeInterval = 3 * 86_400

    public init() {}

    /// Every target, each with the key that names it in the outbox.
    public var targets: [Target] {
        (email.map { [Target.email($0)] } ?? []) + webhooks.map { Target.webhook($0) }
    }

    /// The label of the target an outbox key names ("e-mail to …"), or the key when the
    /// config no longer has that target.
    public func label(forKey key: String) -> String {
        targets.first { $0.key == key }?.label ?? key
    }

    /// One place a briefing goes.
    public enum Target: Sendable, Equatable {
        case email(Email)
        case webhook(Webhook)

        /// Its name in the outbox, in logs and in the health section: `email` or `webhook:URL`.
        public var key: String {
            switch self {
            case .email: "email"
            case .webhook(let hook): "webhook:\(hook.url.absoluteString)"
            }
        }

        /// The same for people: "e-mail to a@example.org" or "webhook https://…".
        public var label: String {
            switch self {
            case .email(let mail): "e-mail to \(mail.to.joined(separator: ", "))"
            case .webhook(let hook): "webhook \(hook.url.absoluteString)"
            }
        }
    }

    /// `[delivery.email]`: one message per briefing through the system's sendmail command.
    public struct Email: Sendable, Equatable {
        /// The recipients.
        public var to: [String]
        /// The sender.
        public var from: String
        /// The subject, a Mustache template over the briefing's context.
        public var subject = "{{title}} — {{dayText}}"
        /// The command and its arguments; the message goes to its standard input.
        public var sendmail = ["/usr/sbin/sendmail", "-t", "-i"]

        public init(to: [String], from: String) {
            self.to = to
            self.from = from
        }
    }

    /// `[[delivery.webhook]]`: an HTTP POST per briefing.
    public struct Webhook: Sendable, Equatable {
        /// What is posted.
        public enum Format: String, Sendable, CaseIterable {
            /// The briefing's context as JSON (the `.json` beside it).
            case json
            /// The briefing as plain text, its title in a `Title` header (as ntfy reads it).
            case text
        }

        public var url: URL
        /// Extra request headers, in name order (an `Authorization` token, say).
        public var headers: [Header] = []
        public var format = Format.json

        public init(url: URL) {
            self.url = url
        }
    }

    /// A request header.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }
}

/// Checks on the values a delivery config gives, before anything is sent.
enum DeliveryValues {
    /// An address `local@domain` with nothing a mail header could be broken with: no spaces,
    /// line breaks, commas, angle brackets or quotes, at most 254 characters.
    static func isAddress(_ text: String) -> Bool {
        guard text.count <= 254, let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at], domain = text[text.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty, !domain.hasPrefix("."), !domain.hasSuffix(".") else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && !"<>,;:\"()[]\\".unicodeScalars.contains(scalar)
        }
    }

    /// A header name: RFC 9110's token characters.
    static func isHeaderName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 100 && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0))
        }
    }

    /// A header value: no line breaks or other control characters (a tab is allowed).
    static func isHeaderValue(_ text: String) -> Bool {
        text.utf8.count <= 8_192 && text.unicodeScalars.allSatisfy { $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }
    }

    /// A command line split into words: spaces separate them, single or double quotes keep
    /// spaces inside one, a backslash takes the next character as it is. Nil when a quote is
    /// left open.
    static func words(_ command: String) -> [String]? {
        var words: [String] = []
        var word = "", inWord = false, quote: Character?
        var escaped = false
        for character in command {
            if escaped {
                word.append(character)
                escaped = false
            } else if character == "\\" && quote != "'" {
                escaped = true
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else { return nil }
        if inWord { words.append(word) }
        return words
    }
}
