import ArgumentParser

/// The `digest` command line: argument parsing and printing only; the work is in DigestService.
@main
struct Digest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "A daily news briefing from your feeds: de-duplicated, summarised, cited.",
        subcommands: [Once.self, Run.self, List.self, Show.self, Deliver.self, Feeds.self, Status.self, Trigger.self, Reload.self, Inspect.self]
    )
}
