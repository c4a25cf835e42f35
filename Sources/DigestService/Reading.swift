import DigestRender
import Foundation

extension Commands {
    /// The folder an `--output` option names, when given.
    static func outputOverride(_ output: String?) -> URL? {
        output.map { URL(fileURLWithPath: $0).standardizedFileURL }
    }

    /// The output folder for `list` and `show`: `--output` when given (no config needed), else
    /// the config's.
    static func outputFolder(configPath: String?, output: String?) throws(ConfigError) -> URL {
        if let folder = outputOverride(output) { return folder }
        return try loadConfig(configPath).output
    }

    /// `digest list`: one line per briefing, newest first: name, story count, top headline.
    public static func list(configPath: String?, output: String?, out: @Sendable (String) -> Void, err: @Sendable (String) -> Void) -> Status {
        let folder: URL
        do { folder = try outputFolder(configPath: configPath, output: output) } catch {
            err("digest: \(error)")
            return .config
        }
        let (entries, problems) = BriefingArchive(folder: folder).entries()
        for problem in problems { err("digest: \(problem)") }
        guard !entries.isEmpty else {
            err("digest: no briefings in \(folder.path) yet; `digest once` makes one")
            return .ok
        }
        let nameWidth = entries.map(\.name.count).max() ?? 10
        for entry in entries {
            let stories = entry.context.stories.count
            let count = stories == 1 ? "1 story" : "\(stories) stories"
            let headline = entry.context.stories.first.map { ($0.isUpdate ? "Update: " : "") + $0.headline } ?? "Nothing new in this period."
            out(entry.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + count.padding(toLength: 11, withPad: " ", startingAt: 0) + "  " + headline)
        }
        return .ok
    }

    /// How `digest show` prints a briefing.
    public enum ShowFormat: String, Sendable, CaseIterable {
        case text, md, html
    }

    /// `digest show [latest|DATE|NAME|PATH]`: a briefing as wrapped text (`width` columns, bold
    /// headlines when `bold`), or its Markdown or HTML file as written.
    public static func show(_ which: String, format: ShowFormat, configPath: String?, output: String?, width: Int, bold: Bool,
                            out: @Sendable (String) -> Void, err: @Sendable (String) -> Void) -> Status {
        var folder: URL
        var name = which
        let path = URL(fileURLWithPath: which).standardizedFileURL
        if which.contains("/") || FileManager.default.fileExists(atPath: which) && which.contains(".") {
            // A path to one of a briefing's files (or to its name without extension).
            folder = path.deletingLastPathComponent()
            name = BriefingArchive.isBriefingName(path.deletingPathExtension().lastPathComponent)
                ? path.deletingPathExtension().lastPathComponent : path.lastPathComponent
        } else {
            do { folder = try outputFolder(configPath: configPath, output: output) } catch {
                err("digest: \(error)")
                return .config
            }
        }
        let archive = BriefingArchive(folder: folder)
        let (entries, problems) = archive.entries()
        guard let entry = archive.find(name, in: entries) else {
            for problem in problems { err("digest: \(problem)") }
            if entries.isEmpty {
                err("digest: no briefings in \(folder.path); `digest once` makes one")
            } else {
                err("digest: no briefing \"\(which)\" in \(folder.path) (try `digest list`)")
            }
            return .dataError
        }
        switch format {
        case .text:
            out(BriefingText(width: width, bold: bold).render(entry.context))
        case .md, .html:
            guard let file = entry.file(format.rawValue, in: folder), let data = FileManager.default.contents(atPath: file.path) else {
                err("digest: briefing \(entry.name) has no .\(format.rawValue) file (the config's briefing.formats leaves it out); try --format text")
                return .dataError
            }
            out(String(decoding: data, as: UTF8.self))
        }
        return .ok
    }
}
