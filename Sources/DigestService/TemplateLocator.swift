import Foundation

/// Finds the folder of default templates, for a binary run from the repository and for one
/// installed elsewhere. The first folder that holds `briefing.md.mustache` wins:
/// 1. `$DIGEST_TEMPLATES_DIR`, when set;
/// 2. `<binary>/../share/digest/templates` (what `deploy/install.sh` lays out: `/usr/local/bin/digest`
///    and `/usr/local/share/digest/templates`);
/// 3. `Templates/` of the source checkout this binary was built from (`swift run`, tests).
public enum TemplateLocator {
    /// The candidate folders, in search order.
    public static func candidates(environment: [String: String] = ProcessInfo.processInfo.environment,
                                  executable: URL? = Bundle.main.executableURL) -> [URL] {
        var folders: [URL] = []
        if let dir = environment["DIGEST_TEMPLATES_DIR"], !dir.isEmpty {
            folders.append(URL(fileURLWithPath: dir))
        }
        if let executable = executable?.resolvingSymlinksInPath() {
            folders.append(executable.deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("share/digest/templates"))
        }
        // This file is Sources/DigestService/TemplateLocator.swift in the checkout.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        folders.append(checkout.appendingPathComponent("Templates"))
        return folders
    }

    /// The first candidate that holds the default templates.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment,
                                     executable: URL? = Bundle.main.executableURL) -> URL? {
        candidates(environment: environment, executable: executable).first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("briefing.md.mustache").path)
        }
    }
}
