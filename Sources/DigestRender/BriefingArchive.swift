import Foundation

/// The briefings of an output folder, read back from the `.json` render context written beside
/// each one. `digest list`, `digest show`, the index page and the feed all read the folder
/// through this, so what is on disk is the only record they need.
public struct BriefingArchive: Sendable {
    /// The output folder.
    public let folder: URL

    /// An archive of `folder`.
    public init(folder: URL) {
        self.folder = folder
    }

    /// One briefing on disk.
    public struct Entry: Sendable {
        /// The name its files share (`2026-11-22`, `2026-11-22-1830`).
        public var name: String
        /// Its render context, from its `.json`.
        public var context: BriefingContext
        /// The extensions of its files present in the folder (`json`, `md`, `html`).
        public var formats: Set<String>

        /// Creates an entry.
        public init(name: String, context: BriefingContext, formats: Set<String>) {
            self.name = name
            self.context = context
            self.formats = formats
        }

        /// Its page for readers, by file name: the HTML when there is one, else the Markdown,
        /// else the JSON.
        public var page: String {
            "\(name).\(["html", "md"].first(where: formats.contains) ?? "json")"
        }

        /// The path of its file in `format`, when there is one.
        public func file(_ format: String, in folder: URL) -> URL? {
            formats.contains(format) ? folder.appendingPathComponent("\(name).\(format)") : nil
        }
    }

    /// Whether `stem` is a briefing's name: `YYYY-MM-DD`, optionally `-HHMM` and `-N`.
    public static func isBriefingName(_ stem: some StringProtocol) -> Bool {
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        let widths = parts.map(\.count)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return false }
        return widths == [4, 2, 2] || widths == [4, 2, 2, 4] || (widths.count == 5 && Array(widths.prefix(4)) == [4, 2, 2, 4])
    }

    /// Every briefing in the folder, newest first, and a line for each `.json` that could not
    /// be read. A missing folder holds no briefings.
    public func entries() -> (entries: [Entry], problems: [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return ([], []) }
        var formats: [String: Set<String>] = [:]
        for file in names where !file.hasPrefix(".") {
            guard let dot = file.lastIndex(of: ".") else { continue }
            let stem = file[..<dot]
            guard Self.isBriefingName(stem) else { continue }
            formats[String(stem), default: []].insert(String(file[file.index(after: dot)...]))
        }
        var entries: [Entry] = []
        var problems: [String] = []
        let decoder = JSONDecoder()
        for (name, present) in formats where present.contains("json") {
            let file = folder.appendingPathComponent("\(name).json")
            do {
                let context = try decoder.decode(BriefingContext.self, from: Data(contentsOf: file)).withSections()
                entries.append(Entry(name: name, context: context, formats: present))
            } catch {
                problems.append("\(file.path): not a briefing's context (\(Self.describe(error)))")
            }
        }
        // Newest first; RFC 3339 UTC times sort as text, and the name breaks ties.
        entries.sort { ($0.context.generatedAt, $0.name) > ($1.context.generatedAt, $1.name) }
        return (entries, problems.sorted())
    }

    /// The context of the briefing `name` alone, read from its `.json`; throws when it is
    /// missing or not a briefing's context.
    public func context(named name: String) throws -> BriefingContext {
        guard Self.isBriefingName(name) else { throw CocoaError(.fileNoSuchFile) }
        let data = try Data(contentsOf: folder.appendingPathComponent("\(name).json"))
        return try JSONDecoder().decode(BriefingContext.self, from: data).withSections()
    }

    /// The briefing `which` names: `latest`, a name (`2026-11-22`, `2026-11-22-1830`) or a day
    /// (its last briefing); nil when there is none.
    public func find(_ which: String, in entries: [Entry]) -> Entry? {
        if which == "latest" { return entries.first }
        // A day names its last briefing: the newest whose name is that day or starts with it.
        if which.split(separator: "-").count == 3 {
            return entries.first { $0.name == which || $0.name.hasPrefix(which + "-") }
        }
        return entries.first { $0.name == which }
    }

    /// Deletes every file of the briefings after the newest `keep`; returns the names removed.
    @discardableResult
    public func prune(keep: Int, entries: [Entry]) -> [String] {
        guard entries.count > keep else { return [] }
        var removed: [String] = []
        for entry in entries.dropFirst(keep) {
            for format in entry.formats.sorted() {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent("\(entry.name).\(format)"))
            }
            removed.append(entry.name)
        }
        return removed
    }

    public static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context): context.debugDescription
        default: (error as NSError).localizedDescription
        }
    }
}
