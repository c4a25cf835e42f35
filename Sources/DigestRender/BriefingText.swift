import Foundation

/// A briefing as plain text for a terminal: wrapped to a width, headlines in bold when the
/// output is a terminal (ANSI SGR 1), nothing but text otherwise. Made from the render
/// context, so `digest show` reads any briefing the folder holds.
public struct BriefingText: Sendable {
    /// The column to wrap at.
    public var width: Int
    /// Whether to use bold for the title and headlines.
    public var bold: Bool

    /// A renderer for `width` columns (at least 30).
    public init(width: Int = 80, bold: Bool = false) {
        self.width = max(30, width)
        self.bold = bold
    }

    /// The whole briefing.
    public func render(_ context: BriefingContext) -> String {
        var lines: [String] = []
        lines.append(strong(context.title))
        lines += wrap("\(context.generatedAtText) · covering \(context.periodText)", indent: "")
        lines.append("")
        for section in context.withSections().sections ?? [] {
            if section.named {
                // A section's heading: its name over a rule as long as it.
                lines.append(strong(section.name.uppercased()))
                lines.append(String(repeating: "─", count: min(width, section.name.count)))
                lines.append("")
            }
            for story in section.stories {
                let number = "\(story.number). "
                let indent = String(repeating: " ", count: number.count)
                let headline = (story.isUpdate ? "Update: " : "") + story.headline
                let wrapped = wrap(headline, indent: indent, first: number)
                lines += wrapped.enumerated().map { $0.offset == 0 ? number + strong(String($0.element.dropFirst(number.count))) : indent + strong(String($0.element.dropFirst(indent.count))) }
                lines += wrap([story.timeText, story.outletsText].compactMap { $0 }.joined(separator: " · "), indent: indent)
                let summary = story.sentences.map { $0.text + ($0.cite ? " [\($0.citation)]" : "") }.joined(separator: " ")
                if !summary.isEmpty { lines += wrap(summary, indent: indent) }
                for source in story.sources {
                    let label = "[\(source.number)] "
                    lines += wrap("\(source.name): \(source.title)", indent: indent + String(repeating: " ", count: label.count), first: indent + label)
                    if let url = source.url { lines.append(indent + String(repeating: " ", count: label.count) + url) }
                }
                if story.hasAlsoReportedBy {
                    lines += wrap("Also reported by " + story.alsoReportedBy.map(\.name).joined(separator: ", ") + ".", indent: indent)
                }
                lines.append("")
            }
        }
        if !context.hasStories {
            lines.append("Nothing new in this period.")
            lines.append("")
        }
        let health = context.health
        lines += wrap("\(health.feedsRead) feeds read, \(health.itemsRead) items, \(health.itemsInWindow) in the period, "
            + "\(health.duplicatesFolded) copies folded, " + (health.hasMuted == true ? "\(health.muted ?? 0) muted, " : "")
            + "\(health.storyCount) stories.", indent: "")
        if health.hasFailures {
            lines.append("\(health.feedsFailed) failed:")
            for failure in health.failures {
                lines += wrap("\(failure.feed) (\(failure.url)): \(failure.message)", indent: "  ", first: "- ")
            }
        }
        if health.hasDeliveryFailures == true {
            lines.append("Not delivered:")
            for failure in health.deliveryFailures ?? [] {
                lines += wrap("\(failure.target), briefing \(failure.briefing) (\(failure.attemptsText)\(failure.givenUp ? ", given up" : "")): \(failure.message)",
                              indent: "  ", first: "- ")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func strong(_ text: String) -> String { bold ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    /// `text` in lines of at most `width` characters, the first starting with `first` (default
    /// `indent`) and the rest with `indent`; a word longer than a line (a URL) gets a line of its own.
    func wrap(_ text: String, indent: String, first: String? = nil) -> [String] {
        var lines: [String] = []
        var line = first ?? indent
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
                lineHasWord = false
            }
            if lineHasWord { line += " " }
            line += word
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}
