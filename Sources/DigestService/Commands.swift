import DigestFeeds
import DigestFetch
import DigestModel
import DigestRender
import DigestStore
import DigestStories
import DigestText
import Foundation

/// What the CLI's commands do, with their exit status; the CLI only parses arguments and prints.
public enum Commands {
    /// Exit statuses (sysexits.h where one fits).
    public enum Status: Int32, Sendable {
        case ok = 0
        /// The run read no feed, so it briefed nothing.
        case nothingBriefed = 1
        /// Command-line usage error.
        case usage = 64
        /// A file named on the command line could not be read or parsed.
        case dataError = 65
        /// The output could not be written.
        case cannotCreate = 73
        /// No daemon runs (trigger), or another one already does (run).
        case unavailable = 69
        /// The daemon could not be signalled.
        case noPermission = 77
        /// The config or the templates are wrong.
        case config = 78
    }

    /// Loads the config alone.
    public static func loadConfig(_ configPath: String?) throws(ConfigError) -> Config {
        try ConfigLoader.load(ConfigLoader.locate(explicit: configPath))
    }

    /// Runs `body` with the config, the store and the fetchers, shutting the HTTP client down
    /// afterwards; problems are printed on `err` and become the exit status.
    public static func withState(configPath: String?, err: @Sendable (String) -> Void,
                                 _ body: (Config, Store, any Fetcher) async throws -> Status) async -> Status {
        let config: Config
        do { config = try loadConfig(configPath) } catch {
            err("digest: \(error)")
            return .config
        }
        guard let store = openStore(config, err: err) else { return .cannotCreate }
        let (fetcher, http) = fetchers(for: config)
        let status: Status
        do {
            status = try await body(config, store, fetcher)
        } catch let failure as Subscriptions.Failure {
            err("digest: \(failure.message)")
            status = failure.status
        } catch {
            err("digest: \(error)")
            status = .dataError
        }
        await http.shutdown()
        return status
    }

    /// The config's state database, or nil after saying on `err` why it cannot be opened.
    static func openStore(_ config: Config, err: (String) -> Void) -> Store? {
        do { return try Store(folder: config.state) } catch {
            err("digest: \(error)")
            return nil
        }
    }

    /// The config and templates, or nil after saying on `err` what is wrong with them.
    static func prepared(_ configPath: String?, err: (String) -> Void) -> (Config, BriefingRenderer)? {
        do { return try prepare(configPath: configPath) } catch {
            err("digest: \(error)")
            return nil
        }
    }

    /// Loads the config and the templates, or says what is wrong with them.
    public static func prepare(configPath: String?) throws(ConfigError) -> (Config, BriefingRenderer) {
        let config = try loadConfig(configPath)
        guard let defaults = TemplateLocator.defaultFolder() else {
            let searched = TemplateLocator.candidates().map(\.path).joined(separator: ", ")
            throw ConfigError(file: config.file.path, message: "the default templates were not found (looked in \(searched)); set DIGEST_TEMPLATES_DIR")
        }
        do {
            let renderer = try BriefingRenderer(defaults: defaults, overrides: config.briefing.templates)
            return (config, renderer)
        } catch {
            throw ConfigError(file: error.file, line: error.line, message: error.message)
        }
    }

    /// The fetchers for a config: files from disk, http(s) through one shared HTTP client,
    /// which the caller shuts down when done.
    static func fetchers(for config: Config) -> (any Fetcher, HTTPFetcher) {
        let http = HTTPFetcher(options: HTTPFetchOptions(timeout: config.fetch.timeout, maxBytes: config.fetch.maxBytes, userAgent: config.fetch.userAgent))
        let fetcher = DispatchingFetcher(["file": FileFetcher(maxBytes: config.fetch.maxBytes), "http": http, "https": http])
        return (fetcher, http)
    }

    /// `digest once`: one briefing now. Prints the paths written on `out`, problems on `err`.
    public static func once(configPath: String?, output: String?, since: String?, fetch: Bool = true, now: Date = Date(),
                            progress: @escaping @Sendable (Pipeline.Progress) -> Void = { _ in },
                            out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) async -> Status {
        var window: TimeInterval?
        if let since {
            guard let seconds = ConfigValues.duration(since), seconds > 0 else {
                err("digest: --since \"\(since)\" is not a duration like \"24h\" or \"2d\"")
                return .usage
            }
            window = seconds
        }
        guard let (config, renderer) = prepared(configPath, err: err) else { return .config }
        let folder = outputOverride(output)
        guard let store = openStore(config, err: err) else { return .cannotCreate }
        let (fetcher, http) = fetchers(for: config)
        var pipeline = Pipeline(config: config, fetcher: fetcher, store: store, renderer: renderer) { err("digest: \($0)") }
        pipeline.progress = progress
        // One briefing at a time, also with the daemon: wait for one in progress, and say so.
        let lock = BriefingLock(stateFolder: config.state)
        do {
            try await BriefingLock.acquire(lock) { holder in
                err("digest: a briefing is in progress (process \(holder.map(String.init) ?? "?")); waiting for it to finish")
            }
        } catch {
            err("digest: \(error)")
            await http.shutdown()
            return .cannotCreate
        }
        let result: Result<Pipeline.Outcome, PipelineError>
        do {
            result = .success(try await pipeline.runOnce(now: now, window: window, output: folder, fetch: fetch))
        } catch {
            result = .failure(error)
        }
        lock.release()
        // The new briefing, and any an earlier run could not send, go out now; a failure is
        // reported and kept in the outbox for a later run, and never fails this one.
        if case .success(let outcome) = result, !outcome.written.isEmpty, !config.delivery.targets.isEmpty {
            await Deliverer(config: config, store: store, renderer: renderer, poster: http) { err("digest: \($0)") }.deliverDue(now: now)
        }
        await http.shutdown()
        do {
            let outcome = try result.get()
            guard !outcome.written.isEmpty else {
                err("digest: no feed could be read; no briefing written")
                return .nothingBriefed
            }
            for url in outcome.written { out(url.path) }
            return .ok
        } catch {
            err("digest: \(error)")
            if case .template = error { return .config }
            return .cannotCreate
        }
    }

    /// `digest inspect sentences`: the sentences of a text, paragraphs (blank-line separated) apart.
    public static func sentences(of text: String) -> [String] {
        let splitter = SentenceSplitter()
        return text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").flatMap { paragraph in
            splitter.split(paragraph.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
    }

    /// `digest inspect feed`: the normalized JSON of one feed file or URL.
    public static func inspectFeed(_ location: String, url: String?, contentType: String?) async -> Result<String, InspectError> {
        let loaded = await load(location, url: url, contentType: contentType)
        guard case .success(let (document, base, type)) = loaded else { return loaded.map { _ in "" } }
        do {
            let feed = try FeedParser().parse(document.body, url: base, contentType: type)
            return .success(FeedInspection(feed).json())
        } catch {
            return .failure(InspectError(location: location, message: error.description))
        }
    }

    /// `digest inspect page`: the article in a web page, as text (paragraphs separated by blank
    /// lines) or as JSON with the page's metadata.
    public static func inspectPage(_ location: String, url: String?, contentType: String?, json: Bool) async -> Result<String, InspectError> {
        let loaded = await load(location, url: url, contentType: contentType)
        guard case .success(let (document, base, type)) = loaded else { return loaded.map { _ in "" } }
        do {
            let page = try ArticleExtractor().extract(document.body, url: base, contentType: type)
            return .success(json ? PageInspection(page).json() : page.text)
        } catch {
            return .failure(InspectError(location: location, message: error.description))
        }
    }

    /// `digest inspect summary DIR --words N`: the `.txt` files of a folder as one story's
    /// articles (each non-empty line a paragraph), summarised; one sentence per line.
    public static func summary(folder: String, words: Int, leadPrior: Double = Summarizer.defaultLeadPrior,
                               lambda: Double = Summarizer.defaultLambda) -> Result<[String], InspectError> {
        switch textFiles(in: folder) {
        case .failure(let error): return .failure(error)
        case .success(let files):
            let articles = files.map { lines($0.text) }
            let language = language(of: files.map(\.text))
            let summary = Summarizer(words: words, maxSentences: max(1, words / 8), leadPrior: leadPrior, lambda: lambda,
                                     splitter: SentenceSplitter(language: language))
                .summarize(articles, language: language)
            return .success(summary.map(\.text))
        }
    }

    /// `digest inspect clusters DIR --json [--level copies|stories]`: `{"name": "cluster-id"}` for
    /// the `.txt` files of a folder (the first line is taken as the title); at the story level,
    /// copies share their story's id.
    public static func clusters(folder: String, copiesOnly: Bool, threshold: Double = StoryClusterer.defaultThreshold,
                                floor: Double = StoryClusterer.defaultFloor, leadWords: Int = StoryGrouping.leadWords) -> Result<String, InspectError> {
        switch textFiles(in: folder) {
        case .failure(let error): return .failure(error)
        case .success(let files):
            let documents = files.map { file in
                let lines = lines(file.text)
                return StoryGrouping.Document(title: lines.first ?? "", paragraphs: Array(lines.dropFirst()), published: nil)
            }
            let groups = StoryGrouping.assign(documents, language: language(of: files.map(\.text)),
                                              stories: StoryClusterer(threshold: threshold, floor: floor), leadWords: leadWords)
            let ids = copiesOnly ? groups.copy : groups.story
            var result: [String: String] = [:]
            for (index, file) in files.enumerated() { result[file.name] = files[ids[index]].name }
            return .success(InspectionJSON.encode(result))
        }
    }

    /// The non-blank lines of a text file: its paragraphs.
    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// The language of a folder of texts, guessed from the stop words of its first five; English
    /// when they do not tell.
    private static func language(of texts: [String]) -> String {
        StopWords.guessLanguage(Tokenizer.words(texts.prefix(5).joined(separator: " "))) ?? "en"
    }

    /// The `.txt` files of a folder, by name, with their text.
    static func textFiles(in folder: String) -> Result<[(name: String, text: String)], InspectError> {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return .failure(InspectError(location: folder, message: "not a readable folder"))
        }
        var files: [(name: String, text: String)] = []
        for name in names.sorted() where name.hasSuffix(".txt") {
            let path = (folder as NSString).appendingPathComponent(name)
            let data: Data
            switch LocalFile.read(path) {
            case .success(let contents): data = contents
            case .failure(let failure): return .failure(InspectError(location: path, message: failure.description))
            }
            files.append((String(name.dropLast(4)), String(decoding: data, as: UTF8.self)))
        }
        if files.isEmpty { return .failure(InspectError(location: folder, message: "no .txt files")) }
        return .success(files)
    }

    /// Reads a file or URL for `inspect`; empty `url`/`contentType` values mean "not given"
    /// (the benchmarks fill in blanks for files not served over HTTP).
    private static func load(_ location: String, url: String?, contentType: String?) async -> Result<(FetchedDocument, URL?, String?), InspectError> {
        let target: URL
        if let parsed = URL(string: location), let scheme = parsed.scheme?.lowercased(), scheme == "file" || scheme == "http" || scheme == "https" {
            target = parsed
        } else {
            target = URL(fileURLWithPath: location).standardizedFileURL
        }
        let fetched: Result<FetchResult, FetchError>
        if target.isFileURL {
            do { fetched = .success(try await FileFetcher().fetch(target, validators: .none)) } catch { fetched = .failure(error) }
        } else {
            let http = HTTPFetcher()
            do { fetched = .success(try await http.fetch(target, validators: .none)) } catch { fetched = .failure(error) }
            await http.shutdown()
        }
        switch fetched {
        case .success(.fetched(let document)):
            let base = url.flatMap { $0.isEmpty ? nil : URL(string: $0) } ?? (target.isFileURL ? nil : document.finalURL)
            let type = contentType.flatMap { $0.isEmpty ? nil : $0 } ?? document.contentType
            return .success((document, base, type))
        case .success(.notModified): return .failure(InspectError(location: location, message: "not modified"))
        case .failure(let error): return .failure(InspectError(location: location, message: error.description))
        }
    }
}

/// A document that `inspect` could not read.
public struct InspectError: Error, CustomStringConvertible {
    /// The file or URL.
    public var location: String
    /// What went wrong.
    public var message: String

    public var description: String { "\(location): \(message)" }
}
