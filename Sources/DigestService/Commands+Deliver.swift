import DigestRender
import DigestStore
import Foundation

extension Commands {
    /// `digest deliver [latest|DAY|NAME] [--dry-run]`: sends a briefing of the output folder to
    /// every `[delivery]` target now (recorded in the outbox like any send), or prints what
    /// each would be sent. Exits 1 when a send failed.
    public static func deliver(_ which: String, dryRun: Bool, configPath: String?, output: String?, now: Date = Date(),
                               out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) async -> Status {
        guard let (config, renderer) = prepared(configPath, err: err) else { return .config }
        guard !config.delivery.targets.isEmpty else {
            err("digest: \(config.file.path) has no [delivery.email] or [[delivery.webhook]]; nothing to deliver to")
            return .config
        }
        let folder = outputOverride(output) ?? config.output
        let archive = BriefingArchive(folder: folder)
        let (entries, problems) = archive.entries()
        for problem in problems { err("digest: \(problem)") }
        guard let entry = archive.find(which, in: entries) else {
            err("digest: no briefing \"\(which)\" in \(folder.path); `digest list` shows them")
            return .usage
        }
        guard let store = openStore(config, err: err) else { return .cannotCreate }
        let (_, http) = fetchers(for: config)
        let deliverer = Deliverer(config: config, store: store, renderer: renderer, poster: http) { err("digest: \($0)") }
        if dryRun {
            do {
                out(try deliverer.preview(entry.name, folder: folder))
            } catch {
                err("digest: cannot prepare \(entry.name): \(error)")
                await http.shutdown()
                return .dataError
            }
            await http.shutdown()
            return .ok
        }
        let created = ISO8601DateFormatter().date(from: entry.context.generatedAt) ?? now
        let results = await deliverer.deliverNow(entry.name, folder: folder, createdAt: created, now: now)
        await http.shutdown()
        for (target, outcome) in results where outcome == .delivered {
            out("\(entry.name): delivered by \(target.label)")
        }
        return results.allSatisfy { $0.outcome == .delivered } ? .ok : .nothingBriefed
    }
}
