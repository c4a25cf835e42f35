import DigestFetch
import DigestModel
import DigestRender
import DigestStore
import Foundation

/// Sends briefings where the config says (`[delivery]`), from an outbox in the state database:
/// each new briefing gets one row per target, a send that fails stays there with its error and
/// is tried again later with a growing pause, and a briefing is only given up after
/// `give_up_after` (or when a webhook refuses it for good). The briefing is read back from its
/// `.json` in the output folder, so nothing but the outbox row has to be kept for it.
public struct Deliverer: Sendable {
    public var config: Config
    public var store: Store
    public var renderer: BriefingRenderer
    /// Posts webhooks; nil when the config has none.
    public var poster: (any Poster)?
    /// Receives one line per problem.
    public var report: @Sendable (String) -> Void
    /// Tries of one send before it waits for a later run.
    public var triesPerAttempt = 3
    /// The pause after the first failed try of a send; doubled after each.
    public var pause: Duration = .seconds(2)
    /// How long the sendmail command may take.
    public var sendmailTimeout: TimeInterval = 120

    public init(config: Config, store: Store, renderer: BriefingRenderer, poster: (any Poster)?, report: @escaping @Sendable (String) -> Void) {
        self.config = config
        self.store = store
        self.renderer = renderer
        self.poster = poster
        self.report = report
    }

    /// What one target is sent.
    public enum Payload: Sendable {
        /// An e-mail message, for the sendmail command.
        case mail(MailMessage, command: [String])
        /// A POST.
        case post(URL, headers: [(name: String, value: String)], body: Data)
    }

    /// How a send ended.
    public enum Outcome: Sendable, Equatable {
        case delivered
        /// It failed; `permanent` when trying again cannot help.
        case failed(String, permanent: Bool)
    }

    /// The pause after a delivery's first failed attempt.
    public static let backoffAfterFirstFailure: TimeInterval = 300

    /// The pause before attempt number `attempts + 1` of a delivery: 5 minutes, doubling, at most 6 hours.
    static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(backoffAfterFirstFailure * pow(2, Double(min(max(attempts - 1, 0), 20))), 6 * 3600)
    }

    /// Sends every delivery whose time has come; returns each one tried and how it ended.
    @discardableResult
    public func deliverDue(now: Date) async -> [(record: DeliveryRecord, outcome: Outcome)] {
        let pending: [DeliveryRecord]
        do { pending = try store.pendingDeliveries() } catch {
            report("state database: cannot read the delivery outbox: \(error)")
            return []
        }
        let targets = Dictionary(config.delivery.targets.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [(record: DeliveryRecord, outcome: Outcome)] = []
        // A second of slack: times go through the database as seconds since 1970, which can
        // move them by a rounding step, and a delivery queued at `now` is due at `now`.
        for var record in pending where record.nextTry <= now.addingTimeInterval(1) {
            guard let target = targets[record.target] else {
                // The target was taken out of the config: nothing to send it to.
                record.abandoned = true
                save(record)
                continue
            }
            let outcome = await deliver(record.briefing, folder: URL(fileURLWithPath: record.folder), to: target)
            record = settle(record, outcome: outcome, target: target, now: now)
            results.append((record, outcome))
        }
        return results
    }

    /// `digest deliver`: sends the briefing `name` in `folder` to every target now, whatever
    /// the outbox says, and records the outcome there.
    public func deliverNow(_ name: String, folder: URL, createdAt: Date, now: Date) async -> [(target: DeliveryOptions.Target, outcome: Outcome)] {
        var results: [(target: DeliveryOptions.Target, outcome: Outcome)] = []
        // What the outbox already holds for this briefing: its attempts carry on.
        let pending = ((try? store.pendingDeliveries()) ?? []).filter { $0.briefing == name }
        for target in config.delivery.targets {
            let outcome = await deliver(name, folder: folder, to: target)
            let record = DeliveryRecord(briefing: name, target: target.key, folder: folder.standardizedFileURL.path, createdAt: createdAt, nextTry: now)
            _ = settle(record, outcome: outcome, target: target, now: now, carried: pending.first { $0.target == target.key })
            results.append((target, outcome))
        }
        return results
    }

    /// Records how a try ended, reports a failure, and returns the record as saved.
    private func settle(_ record: DeliveryRecord, outcome: Outcome, target: DeliveryOptions.Target, now: Date,
                        carried: DeliveryRecord? = nil) -> DeliveryRecord {
        var record = record
        if let carried { record.attempts = carried.attempts }
        record.attempts += 1
        switch outcome {
        case .delivered:
            record.deliveredAt = now
            record.lastError = nil
        case .failed(let message, let permanent):
            record.lastError = message
            record.nextTry = now.addingTimeInterval(Self.backoff(afterAttempts: record.attempts))
            let tooOld = record.nextTry.timeIntervalSince(record.createdAt) > config.delivery.giveUpAfter
            record.abandoned = permanent || tooOld
            let tries = record.attempts == 1 ? "1 try" : "\(record.attempts) tries"
            report("delivery of \(record.briefing) by \(target.label) failed (\(tries)): \(message)"
                   + (record.abandoned ? "; given up" : "; next try \(record.nextTry.ISO8601Format())"))
        }
        save(record)
        return record
    }

    private func save(_ record: DeliveryRecord) {
        do { try store.saveDelivery(record) } catch { report("state database: cannot save the delivery outbox: \(error)") }
    }

    /// Sends the briefing `name` of `folder` to `target`, trying `triesPerAttempt` times.
    func deliver(_ name: String, folder: URL, to target: DeliveryOptions.Target) async -> Outcome {
        let payload: Payload
        do { payload = try self.payload(name, folder: folder, for: target) } catch let error as TemplateError {
            return .failed("the e-mail template: \(error)", permanent: false)
        } catch {
            // Its files were deleted (`[briefing] keep`) or damaged: no later try can send it.
            return .failed("the briefing \(name) cannot be read from \(folder.path): \(BriefingArchive.describe(error))", permanent: true)
        }
        var wait = pause
        var outcome = Outcome.failed("not tried", permanent: false)
        for attempt in 1...max(1, triesPerAttempt) {
            let retryNow: Bool
            (outcome, retryNow) = await send(payload)
            guard case .failed(_, let permanent) = outcome, !permanent, retryNow, attempt < triesPerAttempt else { break }
            try? await Task.sleep(for: wait)
            wait *= 2
        }
        return outcome
    }

    /// What `target` is sent for the briefing `name` of `folder`.
    public func payload(_ name: String, folder: URL, for target: DeliveryOptions.Target) throws -> Payload {
        let archive = BriefingArchive(folder: folder)
        let context = try archive.context(named: name)
        switch target {
        case .email(let email):
            let html = try renderer.render(context, template: "briefing.email.html")
            let text = BriefingText(width: 72).render(context)
            let message = MailMessage(context: context, name: name, folder: folder, email: email, textBody: text, htmlBody: html,
                                      timeZone: config.timeZone)
            return .mail(message, command: email.sendmail)
        case .webhook(let hook):
            var headers = hook.headers.map { (name: $0.name, value: $0.value) }
            let body: Data
            switch hook.format {
            case .json:
                body = try Data(contentsOf: folder.appendingPathComponent("\(name).json"))
                headers.insert((name: "Content-Type", value: "application/json; charset=utf-8"), at: 0)
            case .text:
                body = Data(BriefingText(width: 72).render(context).utf8)
                headers.insert((name: "Content-Type", value: "text/plain; charset=utf-8"), at: 0)
                // ntfy's notification title; RFC 2047 words keep a header ASCII.
                let title = MailMessage.subject(config.delivery.email?.subject ?? "{{title}} — {{dayText}}", context: context)
                headers.insert((name: "Title", value: MailMessage.isPrintableASCII(title)
                                   ? title : MailMessage.encodedWords(title).replacingOccurrences(of: "\r\n", with: "")), at: 1)
            }
            return .post(hook.url, headers: headers, body: body)
        }
    }

    /// One try, and whether trying again at once may help.
    func send(_ payload: Payload) async -> (Outcome, retryNow: Bool) {
        switch payload {
        case .mail(let message, let command):
            do {
                try await Sendmail.send(Data(message.text.utf8), command: command, timeout: sendmailTimeout)
                return (.delivered, false)
            } catch {
                return (.failed(error.message, permanent: false), error.retryNow)
            }
        case .post(let url, let headers, let body):
            guard let poster else { return (.failed("no HTTP client to post with", permanent: false), false) }
            do {
                _ = try await poster.post(url, headers: headers, body: body)
                return (.delivered, false)
            } catch {
                // A 4xx other than a timeout or a rate limit is refused for good: trying again sends the same.
                if case .httpStatus(let status) = error, (400..<500).contains(status), status != 408 {
                    return (.failed("\(url.absoluteString): \(error)", permanent: true), false)
                }
                return (.failed("\(url.absoluteString): \(error)", permanent: false), true)
            }
        }
    }

    /// The messages of a dry run: what each target would be sent for the briefing `name`.
    public func preview(_ name: String, folder: URL) throws -> String {
        var parts: [String] = []
        for target in config.delivery.targets {
            switch try payload(name, folder: folder, for: target) {
            case .mail(let message, let command):
                parts.append("== \(target.label), through \(command.joined(separator: " "))\n" + message.text.replacingOccurrences(of: "\r\n", with: "\n"))
            case .post(let url, let headers, let body):
                parts.append("== \(target.label)\nPOST \(url.absoluteString)\n" + headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
                             + "\n\n" + String(decoding: body, as: UTF8.self))
            }
        }
        return parts.joined(separator: "\n")
    }
}
