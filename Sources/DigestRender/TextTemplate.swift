import Mustache

/// A one-line template over the briefing's context whose output is plain text, not HTML
/// (the e-mail subject, `{{title}} — {{dayText}}`): nothing is escaped.
public enum TextTemplate {
    /// Why `source` is not a valid template, or nil when it is.
    public static func problem(_ source: String) -> String? {
        do {
            _ = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source)
            return nil
        } catch let error as MustacheTemplate.ParserError {
            return "\(error.error)"
        } catch {
            return "\(error)"
        }
    }

    /// `source` rendered over `context`; nil when it is not a valid template.
    public static func render(_ source: String, context: BriefingContext) -> String? {
        (try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source))?.render(context)
    }
}
