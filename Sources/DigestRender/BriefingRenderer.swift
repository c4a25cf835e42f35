import Foundation
import Mustache

/// Renders a `BriefingContext` through the Mustache templates of a folder, with a user folder
/// that overrides them file by file.
public struct BriefingRenderer: Sendable {
    private let library: MustacheLibrary
    /// The template names available (`briefing.md`, `briefing.html`, …).
    public let names: Set<String>

    /// Loads every `*.mustache` of `defaults`, then those of `overrides` in their place.
    /// Every template is parsed now, so a syntax error surfaces before any briefing is made;
    /// every name in `required` must be among them.
    public init(defaults: URL, overrides: URL? = nil, required: [String] = BriefingPublisher.requiredTemplates) throws(TemplateError) {
        _ = MarkdownContentType.registered
        var templates: [String: MustacheTemplate] = [:]
        for folder in [defaults, overrides].compactMap({ $0 }) {
            for (name, template) in try Self.load(folder) { templates[name] = template }
        }
        if let missing = required.first(where: { templates[$0] == nil }) {
            throw TemplateError(file: defaults.appendingPathComponent("\(missing).mustache").path, message: "missing")
        }
        library = MustacheLibrary(templates: templates)
        names = Set(templates.keys)
    }

    /// The rendered template `name` (file name without `.mustache`).
    public func render(_ context: some Sendable, template name: String) throws(TemplateError) -> String {
        guard names.contains(name), let output = library.render(context, withTemplate: name) else {
            throw TemplateError(file: "\(name).mustache", message: "no such template")
        }
        return output
    }

    private static func load(_ folder: URL) throws(TemplateError) -> [String: MustacheTemplate] {
        let manager = FileManager.default
        let entries: [String]
        do {
            entries = try manager.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw TemplateError(file: folder.path, message: "cannot read the templates folder")
        }
        var templates: [String: MustacheTemplate] = [:]
        for entry in entries.sorted() where entry.hasSuffix(".mustache") {
            let file = folder.appendingPathComponent(entry)
            guard let data = manager.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(file: file.path, message: "cannot read the file as UTF-8 text")
            }
            do {
                templates[String(entry.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(file: file.path, line: error.context.lineNumber, message: "\(error.error) near \"\(error.context.line.trimmingCharacters(in: .whitespaces))\"")
            } catch {
                throw TemplateError(file: file.path, message: "\(error)")
            }
        }
        return templates
    }
}
