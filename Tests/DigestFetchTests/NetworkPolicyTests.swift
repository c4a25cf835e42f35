import DigestFetch
import DigestModel
import Foundation
import NIOHTTP1
import DigestTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Which addresses a stranger's link may reach, checked on what the resolver returns.
@Suite struct NetworkPolicyTests {
    /// Why `literal`, read by the system resolver as a browser's URL bar would, is refused.
    func refusal(_ literal: String) throws -> String? {
        let addresses = try NetworkPolicy.resolve(literal, port: 80)
        return addresses.compactMap(NetworkPolicy.refusal).first
    }

    @Test("every internal address class is refused, in every spelling the resolver accepts", arguments: [
        "127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.255.255.254",
        "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "100.64.0.1", "100.127.255.254", "169.254.169.254", "169.254.0.1", "0.0.0.0", "0",
        "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.0.170",
        "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1",
        "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::ffff:7f00:1", "::127.0.0.1",
        "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::1", "2002:a9fe:a9fe::1", "100::1",
    ])
    func internalRefused(_ literal: String) throws {
        #expect(try refusal(literal) != nil, "\(literal) must be refused")
    }

    @Test("public unicast addresses are allowed", arguments: [
        "8.8.8.8", "1.1.1.1", "93.184.215.14", "198.51.100.2", "172.32.0.1", "100.128.0.1", "11.0.0.1",
        "2606:4700:4700::1111", "2001:db8::1", "::ffff:8.8.8.8", "2002:808:808::1",
    ])
    func publicAllowed(_ literal: String) throws {
        #expect(try refusal(literal) == nil, "\(literal) must be allowed")
    }

    @Test("a name that resolves to loopback is refused by its address, not its spelling")
    func nameResolvingToLoopback() throws {
        // /etc/hosts maps localhost to loopback on every system this runs on.
        #expect(throws: FetchError.self) { try NetworkPolicy.address(for: "localhost", port: 80, allowPrivate: false) }
        #expect(try NetworkPolicy.address(for: "localhost", port: 80, allowPrivate: true).text.isEmpty == false)
    }

    @Test("a link to a loopback server is refused before any connection; allowed, it is fetched")
    func linkToLoopback() async throws {
        let server = try await TestHTTPServer.start { _ in .init(headers: [("Content-Type", "text/html")], body: .bytes(Array("<p>inside</p>".utf8))) }
        let fetcher = HTTPFetcher(options: HTTPFetchOptions(timeout: 5))
        var refused: FetchError?
        do { _ = try await fetcher.fetch(server.url("/secret"), validators: .none, reach: .publicOnly) } catch { refused = error }
        guard case .refused(let reason)? = refused else {
            Issue.record("expected a refusal, got \(String(describing: refused))")
            return
        }
        #expect(reason.contains("127.0.0.1 is a loopback address"))
        #expect(refused?.description.contains("allow_private_pages") == true)
        #expect(server.paths.isEmpty, "the server must not be asked")
        // Spelled as a decimal number, it is the same address.
        let decimal = URL(string: "http://2130706433:\(server.port)/secret")!
        await #expect(throws: FetchError.self) { try await fetcher.fetch(decimal, validators: .none, reach: .publicOnly) }
        #expect(server.paths.isEmpty)
        let allowed = try await fetcher.fetch(server.url("/page"), validators: .none, reach: .link(allowPrivate: true))
        guard case .fetched(let document) = allowed else { Issue.record("not fetched"); return }
        #expect(String(decoding: document.body, as: UTF8.self).contains("inside"))
        #expect(server.paths == ["/page"])
        await fetcher.shutdown()
        await server.stop()
    }

    @Test("a redirect from an allowed link to a refused address is not followed")
    func redirectChecked() async throws {
        // The first hop is allowed (the feed's own private server); its redirect to the metadata
        // address is judged on its own and refused without a connection.
        let server = try await TestHTTPServer.start { head in
            head.uri == "/jump" ? .init(status: .found, headers: [("Location", "http://169.254.169.254/latest/meta-data/")]) : .init(status: .notFound)
        }
        let fetcher = HTTPFetcher(options: HTTPFetchOptions(timeout: 5))
        var failure: FetchError?
        do { _ = try await fetcher.fetch(server.url("/jump"), validators: .none, reach: .publicOnly) } catch { failure = error }
        // Under publicOnly the first hop (loopback) is already refused.
        if case .refused = failure {} else { Issue.record("expected a refusal, got \(String(describing: failure))") }
        #expect(server.paths.isEmpty)
        await fetcher.shutdown()
        await server.stop()
    }

    @Test("a file link is refused under the public-only rule")
    func fileLinkRefused() async throws {
        let fetcher = FileFetcher()
        await #expect(throws: FetchError.self) {
            try await fetcher.fetch(URL(fileURLWithPath: "/etc/hostname"), validators: .none, reach: .publicOnly)
        }
    }

    @Test("a deadline holds when the work ignores cancellation")
    func deadlineHolds() async throws {
        let start = ContinuousClock.now
        await #expect(throws: Deadline.Expired.self) {
            try await Deadline.run(seconds: 0.2) {
                // Blocks its thread for 8 seconds and never looks at cancellation.
                await withCheckedContinuation { continuation in
                    Thread {
                        Thread.sleep(forTimeInterval: 8)
                        continuation.resume()
                    }.start()
                }
                return 1
            }
        }
        // Ended by the deadline, long before the work would have (a loaded machine may be slow to wake).
        #expect(ContinuousClock.now - start < .seconds(6))
        let value = try await Deadline.run(seconds: 5) { 42 }
        #expect(value == 42)
    }

    @Test("a deadline whose work ended holds nothing until its hour is up (a daemon runs thousands)")
    func finishedDeadlinesAreReleased() async throws {
        // Other suites run deadlines at the same time, a few dozen at most: a thousand kept
        // here would stand out however they overlap.
        let before = Deadline.armedTimers
        for round in 0..<1000 {
            let value = try await Deadline.run(seconds: 3600) { round }
            #expect(value == round)
        }
        // Cancel handlers run on a Dispatch queue: give them a moment.
        for _ in 0..<50 where Deadline.armedTimers > before + 100 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(Deadline.armedTimers < before + 500)
    }
}

/// Local files that are not plain files, or carry impossible times (issue 14).
@Suite struct FileFetcherHostileTests {
    @Test("a FIFO or a device is refused as not a regular file, without blocking on it")
    func specialFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for url in [fifo, URL(fileURLWithPath: "/dev/zero")] {
            let error = await #expect(throws: FetchError.self) { try await FileFetcher().fetch(url, validators: .none) }
            #expect(error?.description.contains("not a regular file") == true, "\(String(describing: error))")
        }
    }

    @Test("a file dated after 2262 is read, with validators")
    func farFuture() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-future-\(UUID().uuidString).xml")
        try Data("<rss/>".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 9_224_000_000)], ofItemAtPath: file.path)
        guard case .fetched(let document) = try await FileFetcher().fetch(file, validators: .none) else {
            Issue.record("not fetched")
            return
        }
        #expect(document.etag != nil)
        guard case .notModified = try await FileFetcher().fetch(file, validators: Validators(etag: document.etag)) else {
            Issue.record("an unchanged file must answer not modified")
            return
        }
    }

    @Test("fetch options out of range are clamped, not trapped on")
    func optionsClamped() async {
        let options = HTTPFetchOptions(timeout: 1e308, connectTimeout: -.infinity, maxBytes: .max, maxRedirects: -3, connectionsPerHost: .max)
        #expect(options.timeout == 86_400)
        #expect(options.connectTimeout == 0.05)
        #expect(options.maxBytes == 1 << 40)
        #expect(options.maxRedirects == 0)
        #expect(options.connectionsPerHost == 1024)
        await HTTPFetcher(options: options).shutdown()
    }
}
