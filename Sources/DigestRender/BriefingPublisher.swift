import DigestModel
import Foundation

/// Writes a briefing into the output folder as DESIGN.md lays it out: `NAME.md`, `.html` and
/// `.json`, then `latest.*`, then old briefings pruned, then `index.html` and `feed.xml` last.
/// All of the briefing's own files are rendered before the first is written (a template that
/// fails leaves the folder as it was), and every file is written to a temporary name and
/// renamed, so a reader never sees half a file.
public struct BriefingPublisher: Sendable {
    /// The templates.
    public var renderer: BriefingRenderer
    /// The output folder's writer.
    public var writer: OutputWriter
    /// The formats written besides the JSON (`md`, `html`), each from `briefing.FORMAT.mustache`.
    public var formats: [String]
    /// The zone of the dates shown and of the file names.
    public var timeZone: TimeZone
    /// How many briefings to keep (the newest); nil keeps all.
    public var keep: Int?
    /// The output folder's public address, when it is served; makes the feed's links absolute.
    public var baseURL: URL?
    /// Receives one line per problem that does not stop the briefing.
    public var report: @Sendable (String) -> Void

    /// The templates the default folder must have.
    public static let requiredTemplates = ["briefing.md", "briefing.html", "briefing-body.html", "briefing.email.html", "index.html", "feed.atom"]
    /// Written as the feed's generator.
    public static let version = "0.7"

    /// Creates a publisher.
    public init(renderer: BriefingRenderer, writer: OutputWriter, formats: [String], timeZone: TimeZone, keep: Int? = nil,
                baseURL: URL? = nil, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.renderer = renderer
        self.writer = writer
        self.formats = formats
        self.timeZone = timeZone
        self.keep = keep
        self.baseURL = baseURL
        self.report = report
    }

    /// Writes `briefing`; returns the files written, the briefing's own first.
    public func publish(_ briefing: Briefing) throws(PublishError) -> [URL] {
        let name = fileName(for: briefing.generatedAt)
        let context = BriefingContext(briefing, timeZone: timeZone, name: name)
        var files: [(name: String, text: String)] = []
        for format in formats {
            files.append(("\(name).\(format)", try render(context, "briefing.\(format)")))
        }
        files.append(("\(name).json", Self.json(context)))
        for format in formats where format == "md" || format == "html" {
            files.append(("latest.\(format)", files.first { $0.name == "\(name).\(format)" }!.text))
        }
        var written: [URL] = []
        for file in files {
            do { written.append(try writer.write(file.text, as: file.name)) } catch { throw .output(error) }
        }

        let archive = BriefingArchive(folder: writer.folder)
        var (entries, problems) = archive.entries()
        problems.forEach(report)
        if let keep, keep > 0 {
            let removed = archive.prune(keep: keep, entries: entries)
            if !removed.isEmpty { entries = Array(entries.prefix(keep)) }
        }
        let index = ArchiveContext(entries, title: context.title)
        var bodies: [String: String] = [:]
        for entry in entries.prefix(FeedContext.entryLimit) { bodies[entry.name] = try render(entry.context, "briefing-body.html") }
        let feed = FeedContext(entries, title: context.title, key: writer.folder.standardizedFileURL.path, baseURL: baseURL,
                               version: Self.version) { bodies[$0.name] ?? "" }
        for (text, file) in [(try render(index, "index.html"), "index.html"), (try render(feed, "feed.atom"), "feed.xml")] {
            do { written.append(try writer.write(text, as: file)) } catch { throw .output(error) }
        }
        return written
    }

    /// The render context as the `.json` beside the briefing: pretty, keys sorted, for scripts.
    public static func json(_ context: BriefingContext) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(context)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    private func render(_ context: some Sendable, _ template: String) throws(PublishError) -> String {
        do { return try renderer.render(context, template: template) } catch { throw .template(error) }
    }

    /// `YYYY-MM-DD` in the time zone; a second briefing that day `-HHMM`, a third in the same
    /// minute `-HHMM-2`, and so on: an earlier briefing is never overwritten.
    func fileName(for date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let minute = day + String(format: "-%02d%02d", parts.hour ?? 0, parts.minute ?? 0)
        func taken(_ stem: String) -> Bool { (formats + ["json"]).contains { writer.exists("\(stem).\($0)") } }
        if !taken(day) { return day }
        if !taken(minute) { return minute }
        var number = 2
        while taken("\(minute)-\(number)") { number += 1 }
        return "\(minute)-\(number)"
    }
}

/// Why a briefing could not be written.
public enum PublishError: Error, CustomStringConvertible {
    /// A file could not be written.
    case output(OutputError)
    /// A template failed.
    case template(TemplateError)

    public var description: String {
        switch self {
        case .output(let error): error.description
        case .template(let error): error.description
        }
    }
}
