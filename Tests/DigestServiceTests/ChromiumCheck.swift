import Foundation
import Testing

/// A briefing page as a browser sees it: headless Chromium (Debian's `chromium`, which `.ci/run`
/// installs) renders the file, saves a screenshot and prints the DOM it built, which is what
/// the checks read — markup the browser repaired or dropped shows there, not in the file.
enum ChromiumCheck {
    /// The browser, when installed.
    static var browser: URL? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].map { URL(fileURLWithPath: $0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the browser headless on `page` with `arguments`; its standard output.
    static func run(_ browser: URL, _ arguments: [String], page: URL, scratch: URL) async throws -> String {
        // Its own profile folder, no sandbox (tests may run as root), no GPU, no network use.
        let profile = scratch.appendingPathComponent("chromium-profile")
        let result = try await CLITests.capture(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                                         "--user-data-dir=\(profile.path)", "--window-size=1000,1600"]
                                                        + arguments + [page.absoluteString])
        #expect(result.status == 0, "chromium \(arguments): \(result.stderr.suffix(2000))")
        return result.stdout
    }

    /// Checks, in the DOM Chromium built from `page`, that the contents hold one heading per
    /// section name (in order) linking to that section, and a link to every story; saves a
    /// screenshot into `scratch` and checks it is a PNG.
    static func expectSections(page: URL, names: [String], stories: [(id: String, headline: String)], scratch: URL) async throws {
        guard let browser else {
            Issue.record("chromium is not installed (`apt-get install chromium`; .ci/run installs it)")
            return
        }
        let screenshot = scratch.appendingPathComponent("briefing.png")
        _ = try await run(browser, ["--screenshot=\(screenshot.path)"], page: page, scratch: scratch)
        let png = try Data(contentsOf: screenshot)
        #expect(png.count > 5_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a screenshot of the page was saved at \(screenshot.path)")

        let dom = try await run(browser, ["--dump-dom"], page: page, scratch: scratch)
        let contents = try #require(dom.range(of: "<nav class=\"contents\"").flatMap { start in
            dom.range(of: "</nav>", range: start.upperBound..<dom.endIndex).map { String(dom[start.lowerBound..<$0.upperBound]) }
        }, "the DOM has the contents")
        var cursor = contents.startIndex
        for name in names {
            let slug = name.lowercased()
            let heading = "<h2 class=\"contents-section\"><a href=\"#section-\(slug)\">\(name)</a>"
            guard let found = contents.range(of: heading, range: cursor..<contents.endIndex) else {
                Issue.record("the contents lack the heading of \(name), in order: \(contents)")
                return
            }
            cursor = found.upperBound
            #expect(dom.contains("<section class=\"section\" id=\"section-\(slug)\""), "the section \(name) is in the page")
        }
        for story in stories {
            #expect(contents.contains("<a href=\"#story-\(story.id)\">\(story.headline)</a>"), "the contents link to \(story.headline)")
            #expect(dom.contains("<article id=\"story-\(story.id)\">"))
        }
    }
}
