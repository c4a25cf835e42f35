import Foundation
import Testing

/// Numbers from outside must be range-checked where they are read (issue 14). This keeps the
/// two ways an unchecked number has crashed the process out of the product's sources: a
/// floating-point value turned into an integer (`Int(x * 1000)` traps on 1e300 or NaN), and a
/// force-unwrapped parse (`Int(text)!`). A line that converts a value it has bounded says so
/// with a `range-checked:` comment naming the bound, on the line or the one before.
@Suite struct SourceAuditTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every product source file (benchmarks read only their own numbers) as (path, lines).
    static func files() throws -> [(String, [String])] {
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        var found: [(String, [String])] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift", !url.path.contains("/digest-bench/") else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            found.append((url.path.replacingOccurrences(of: sources.path + "/", with: ""), text.components(separatedBy: "\n")))
        }
        return found
    }

    /// An integer made from a floating-point expression: a product, `.rounded()`, a time.
    static let floatToInt = try! NSRegularExpression(pattern: #"\b(U?Int(8|16|32|64)?)\((?=[^)]*(\* ?[0-9.]|\.rounded|[Ii]nterval|[Ss]econds|Double|\be[0-9]))"#)
    /// A parse whose failure is not handled.
    static let forcedParse = try! NSRegularExpression(pattern: #"\b(U?Int(8|16|32|64)?|Double|Float|URL)\((string: )?[^()]*\)!"#)

    static func matches(_ regex: NSRegularExpression, _ line: String) -> Bool {
        regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
    }

    @Test("no floating-point value becomes an integer without a stated range check")
    func floatConversions() throws {
        var unchecked: [String] = []
        for (path, lines) in try Self.files() {
            for (index, line) in lines.enumerated() where Self.matches(Self.floatToInt, line) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("//") || trimmed.hasPrefix("///") { continue }
                let marked = line.contains("range-checked:") || (index > 0 && lines[index - 1].contains("range-checked:"))
                if !marked { unchecked.append("\(path):\(index + 1): \(trimmed)") }
            }
        }
        #expect(unchecked.isEmpty, "unchecked conversions:\n\(unchecked.joined(separator: "\n"))")
    }

    @Test("no parse of outside text is force-unwrapped")
    func forcedParses() throws {
        var forced: [String] = []
        for (path, lines) in try Self.files() {
            for (index, line) in lines.enumerated() where Self.matches(Self.forcedParse, line) {
                forced.append("\(path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(forced.isEmpty, "force-unwrapped parses:\n\(forced.joined(separator: "\n"))")
    }

    @Test("the audit finds what it looks for")
    func auditWorks() {
        #expect(Self.matches(Self.floatToInt, "let ms = Int64(timeout * 1000)"))
        #expect(Self.matches(Self.floatToInt, "var rest = Int(seconds.rounded())"))
        #expect(!Self.matches(Self.floatToInt, "let n = Int(text)"))
        #expect(Self.matches(Self.forcedParse, "let port = Int(text)!"))
        #expect(Self.matches(Self.forcedParse, "let url = URL(string: raw)!"))
    }
}
