import ArgumentParser
import DigestFetch
import DigestService
import DigestStore
import Foundation

/// `digest feeds`: the subscription list.
struct Feeds: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, add, remove, import, export and check subscriptions.",
        subcommands: [List.self, Add.self, Remove.self, Import.self, Export.self, Check.self]
    )

    struct Options: ParsableArguments {
        @Option(name: .long, help: "The config file.")
        var config: String?
    }

    /// Runs a subscription command and turns its status into the exit code.
    static func run(_ options: Options, _ body: (Config, Store, any Fetcher) async throws -> Commands.Status) async throws {
        let status = await Commands.withState(configPath: options.config, err: { Output.error($0) }, body)
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every feed, where it is configured, and its health.")
        @OptionGroup var options: Options
        func run() async throws {
            try await Feeds.run(options) { config, store, _ in
                print(try Subscriptions.list(config, store: store), terminator: "")
                return .ok
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Subscribe to a feed, or to the feed a web page announces.")
        @OptionGroup var options: Options
        @Argument(help: "The feed's or the site's URL.") var url: String
        @Option(name: .long, help: "The name readers see.") var name: String?
        func run() async throws {
            try await Feeds.run(options) { config, _, fetcher in
                let feed = try await Subscriptions.add(url, name: name, config: config, fetcher: fetcher)
                print("added \(feed.id): \(feed.url.absoluteString) to \(config.feedsFile.path)")
                return .ok
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unsubscribe from a feed of the OPML file.")
        @OptionGroup var options: Options
        @Argument(help: "The feed's id (see `digest feeds list`).") var id: String
        func run() async throws {
            try await Feeds.run(options) { config, _, _ in
                try Subscriptions.remove(id, config: config)
                print("removed \(id)")
                return .ok
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add the feeds of an OPML file from another reader.")
        @OptionGroup var options: Options
        @Argument(help: "The OPML file.") var file: String
        func run() async throws {
            try await Feeds.run(options) { config, _, _ in
                let count = try Subscriptions.importOPML(URL(fileURLWithPath: file), config: config)
                print("imported \(count) feeds into \(config.feedsFile.path)")
                return .ok
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "All subscriptions as OPML 2.0 on standard output.")
        @OptionGroup var options: Options
        func run() async throws {
            try await Feeds.run(options) { config, store, _ in
                print(try Subscriptions.export(config, store: store), terminator: "")
                return .ok
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fetch now and tabulate status, items, time and errors.")
        @OptionGroup var options: Options
        @Argument(help: "One feed's id; all feeds when omitted.") var id: String?
        func run() async throws {
            try await Feeds.run(options) { config, store, fetcher in
                let (table, allOK) = try await Subscriptions.check(config, id: id, store: store, fetcher: fetcher)
                print(table, terminator: "")
                return allOK ? .ok : .nothingBriefed
            }
        }
    }
}
