import DigestFeeds
import DigestService
import DigestText
import Foundation

/// The parsers that read what strangers (and users) write, each as a libFuzzer target. A target
/// fails only by crashing (a Swift trap, an address-sanitizer report) or by exceeding
/// libFuzzer's time and memory limits; errors thrown for bad input are the expected outcome.
enum Target: String, CaseIterable {
    case feed, page, sentences, dates, config, opml

    func run(_ data: Data) {
        switch self {
        case .feed:
            _ = try? FeedParser().parse(data, url: URL(string: "https://fuzz.example/feed"), contentType: nil)
        case .page:
            _ = try? ArticleExtractor().extract(data, url: URL(string: "https://fuzz.example/page"), contentType: "text/html")
        case .sentences:
            let text = String(decoding: data, as: UTF8.self)
            _ = SentenceSplitter().split(text)
            _ = SentenceSplitter(language: "de").split(text)
        case .dates:
            _ = FeedDate.parse(String(decoding: data, as: UTF8.self))
        case .config:
            _ = try? ConfigLoader.parse(String(decoding: data, as: UTF8.self), file: URL(fileURLWithPath: "/nonexistent/fuzz/digest.toml"))
        case .opml:
            _ = try? OPML.parse(data)
        }
    }

    /// Chosen once per process from the environment.
    static let current: Target = {
        let name = ProcessInfo.processInfo.environment["DIGEST_FUZZ_TARGET"] ?? ""
        guard let target = Target(rawValue: name) else {
            FileHandle.standardError.write(Data("set DIGEST_FUZZ_TARGET to one of: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    Target.current.run(data)
    return 0
}

/// libFuzzer's driver, started from the entry point SwiftPM gives an executable target (it
/// renames `main`, so libFuzzer's own `main` is not the one linked).
@_silgen_name("LLVMFuzzerRunDriver")
func fuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("digest_fuzz_main")
public func digestFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return fuzzerRunDriver(&count, &arguments, fuzzOne)
}
