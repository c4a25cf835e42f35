import DigestFetch
import DigestModel
import DigestRender
import DigestStore
import Dispatch
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// `digest run`: the long-running service. One serial queue owns every piece of mutable state
/// (the schedule, the config, what runs); Dispatch timers and signal sources only hop onto it.
/// The work itself (fetch rounds, briefings) runs in tasks and reports back to the queue.
///
/// Signals: TERM and INT stop (a running briefing may finish for up to `stopGrace` seconds;
/// files are only ever renamed into place, so an abandoned one leaves no partial file), HUP
/// reloads the config and templates (a broken new config is logged and the old one kept), USR1
/// makes a briefing now. systemd hears READY, STATUS, RELOADING, WATCHDOG and STOPPING.
public final class Daemon: @unchecked Sendable {
    /// How long a stop waits for running work.
    public static let stopGrace: TimeInterval = 8
    /// The longest a briefing may take before it is abandoned.
    static let briefingDeadline: TimeInterval = 30 * 60
    /// The longest a timer sleeps, so a clock that is set while we sleep is noticed soon.
    static let longestSleep: TimeInterval = 60

    private let queue = DispatchQueue(label: "digest.scheduler")
    private let configPath: String?
    private let outputOverride: URL?
    private let logger: Logger
    private let notifier: SystemdNotifier
    private let now: @Sendable () -> Date

    // Owned by `queue`.
    private var config: Config
    private var renderer: BriefingRenderer
    private let store: Store
    private let fetcher: any Fetcher
    private let http: HTTPFetcher
    private var machine: ScheduleMachine
    private var timer: DispatchSourceTimer?
    private var watchdog: DispatchSourceTimer?
    private var signalSources: [DispatchSourceSignal] = []
    private var stopping = false
    private var lastFetch: Date?
    private var carried = Health()
    private var runs: [String: MetricsFile.Run] = [:]
    private var finished: CheckedContinuation<Void, Never>?
    private var done = false
    private var lastStatus = ""
    /// Feeds whose last fetch failed, as the last run found them (for the STATUS line).
    private var failingFeeds = 0
    private let started: Date
    /// When running work last moved on; the watchdog is fed only while it does.
    private let progress = WorkProgress()
    /// Whether the stall has been logged (once per stall).
    private var stallLogged = false
    /// The memory of the daemon's cgroup, when it has one to read, and what was last said of it.
    private let memory = CgroupMemory.own()
    private var memoryAlarm = MemoryAlarm()
    private var memoryReading: CgroupMemory.Reading?
    private var memoryTimer: DispatchSourceTimer?
    private var memoryTicks = 0
    /// Reloads since the start, and why the last one was refused.
    private var reloads = 0
    private var reloadError: String?
    /// Whether the outbox is being sent now (one send run at a time).
    private var delivering = false
    /// Deliveries whose last try failed and that are still tried, and failed tries since the start.
    private var deliveriesFailing = 0
    private var deliveryFailuresTotal = 0
    /// The next send run, when a failed delivery is due again before any round or briefing.
    private var deliveryRetry: DispatchWorkItem?

    /// A daemon for a loaded config and templates. Nothing runs until `run()`.
    public init(config: Config, renderer: BriefingRenderer, configPath: String?, output: URL?, logger: Logger,
                notifier: SystemdNotifier = SystemdNotifier(), now: @escaping @Sendable () -> Date = { Date() }) throws {
        self.config = config
        self.renderer = renderer
        self.configPath = configPath
        outputOverride = output
        self.logger = logger
        self.notifier = notifier
        self.now = now
        let store = try Store(folder: config.state)
        self.store = store
        (fetcher, http) = Commands.fetchers(for: config)
        started = now()
        failingFeeds = config.feeds.filter { (try? store.feedState(id: $0.id, configuredURL: $0.url))?.lastError != nil }.count
        machine = ScheduleMachine(times: DailyTimes(config.schedule.briefings, timeZone: config.timeZone),
                                  fetchEvery: config.schedule.fetchEvery, now: started, lastBriefing: try store.lastBriefing())
    }

    /// Runs until TERM or INT.
    public func run() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { self.start(continuation) }
        }
        await http.shutdown()
    }

    // MARK: - On the queue

    private func start(_ continuation: CheckedContinuation<Void, Never>) {
        finished = continuation
        for (signal, handler) in [(SIGTERM, stop), (SIGINT, stop), (SIGHUP, reload), (SIGUSR1, briefNow)] as [(Int32, () -> Void)] {
            Glibc.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
            source.setEventHandler(handler: handler)
            source.resume()
            signalSources.append(source)
        }
        removeStaleTemporaryFiles()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.setEventHandler { [unowned self] in tick() }
        timer.resume()
        self.timer = timer
        if let interval = notifier.watchdogInterval {
            // Pinged from the scheduler's own queue: a stuck queue stops the pings and systemd
            // restarts us. So does work that stops moving: a fetch round or briefing with no
            // progress (a feed done, a stage begun) for `stallLimit` is stuck, though the queue
            // is not — the round has a deadline of its own, so only something truly wedged gets there.
            let watchdog = DispatchSource.makeTimerSource(queue: queue)
            watchdog.schedule(deadline: .now(), repeating: interval, leeway: .milliseconds(100))
            watchdog.setEventHandler { [unowned self] in feedWatchdog() }
            watchdog.resume()
            self.watchdog = watchdog
        }
        if memory != nil {
            // Every 2 s while a round or briefing runs (memory grows fast then), every 30 s idle.
            let memoryTimer = DispatchSource.makeTimerSource(queue: queue)
            memoryTimer.schedule(deadline: .now() + 2, repeating: 2, leeway: .milliseconds(500))
            memoryTimer.setEventHandler { [unowned self] in
                memoryTicks += 1
                if machine.isBusy || memoryTicks % 15 == 0 { checkMemory() }
            }
            memoryTimer.resume()
            self.memoryTimer = memoryTimer
            checkMemory()
        }
        // What an earlier run could not send is still owed.
        deliveriesFailing = ((try? store.pendingDeliveries()) ?? []).filter { $0.lastError != nil }.count
        startDelivery()
        logger.info("started: \(config.feeds.count) feeds, briefings at \(config.schedule.briefings.joined(separator: ", ")) \(config.timeZone.identifier), fetching every \(ConfigValues.describe(config.schedule.fetchEvery)); pid \(getpid())")
        notifier.send("READY=1", "STATUS=\(statusLine())", "MAINPID=\(getpid())")
        tick()
    }

    /// Reads the cgroup's memory and says what is worth saying: near the limit, throttled,
    /// refused; the figures go to the metrics too.
    private func checkMemory() {
        guard let reading = memory?.read() else { return }
        memoryReading = reading
        let said = memoryAlarm.assess(reading)
        for (warning, line) in said { logger.log(level: warning ? .warning : .info, "\(line)") }
        if !said.isEmpty { writeMetrics() }
    }

    /// Work with no progress for this long is stuck.
    var stallLimit: TimeInterval { max(15 * 60, config.fetch.roundDeadline + 60) }

    private func feedWatchdog() {
        if let idle = progress.stalledFor(), idle > stallLimit {
            if !stallLogged {
                stallLogged = true
                logger.critical("no progress for \(Int(idle)) s in the running \(progress.kinds.joined(separator: " and ")); the watchdog is no longer fed, so systemd restarts the daemon")
            }
            return
        }
        stallLogged = false
        notifier.send("WATCHDOG=1")
    }

    private func tick() {
        guard !stopping else { return }
        perform(machine.tick(now: now()))
    }

    private func perform(_ actions: [ScheduleMachine.Action]) {
        for action in actions {
            switch action {
            case .fetch: startFetch()
            case .brief: startBriefing()
            }
        }
        arm()
        saveRecord()
    }

    private func arm() {
        let delay = min(Self.longestSleep, max(0, machine.wakeAt.timeIntervalSince(now())))
        timer?.schedule(wallDeadline: .now() + delay, leeway: .milliseconds(200))
        let status = statusLine()
        if status != lastStatus {
            lastStatus = status
            notifier.send("STATUS=\(status)")
        }
    }

    private func pipeline() -> Pipeline {
        var pipeline = Pipeline(config: config, fetcher: fetcher, store: store, renderer: renderer) { [logger] in logger.warning("\($0)") }
        pipeline.progress = { [progress] _ in progress.moved() }
        return pipeline
    }

    private func startFetch() {
        let pipeline = pipeline(), began = now(), clock = now
        logger.debug("fetch round started")
        progress.begin("fetch round")
        Task { [progress] in
            let health = await pipeline.fetchFeeds(now: began)
            progress.end("fetch round")
            let ended = clock()
            queue.async { self.fetchFinished(health, began: began, ended: ended) }
        }
    }

    private func fetchFinished(_ health: Health, began: Date, ended: Date) {
        lastFetch = ended
        failingFeeds = health.failures.count
        carried.itemsRead += health.itemsRead
        carried.duplicatesFolded += health.duplicatesFolded
        // A round that found nothing new is routine; one that did, or failed, is news.
        let level: Logger.Level = health.itemsRead > 0 || !health.failures.isEmpty ? .info : .debug
        logger.log(level: level, "fetch round: \(health.feedsRead) feeds read, \(health.itemsRead) items, \(health.failures.count) failing, \(String(format: "%.1f", ended.timeIntervalSince(began))) s")
        runs["fetch"] = MetricsFile.Run(kind: "fetch", ended: ended, duration: ended.timeIntervalSince(began), items: health.itemsRead)
        writeMetrics()
        Self.returnFreedMemory()
        if stopping { return finish() }
        startDelivery()
        perform(machine.fetchFinished(now: now()))
    }

    private func startBriefing() {
        let pipeline = pipeline(), began = now(), clock = now, carried = carried, output = outputOverride
        let lock = BriefingLock(stateFolder: config.state)
        logger.info("briefing started")
        progress.begin("briefing")
        Task { [logger, progress] in
            let result: Result<Pipeline.Outcome, any Error>
            do {
                // One briefing at a time, also with a `digest once` run by hand.
                try await BriefingLock.acquire(lock) { holder in
                    logger.notice("waiting for the briefing of process \(holder.map(String.init) ?? "?") to finish")
                }
                // A briefing has a deadline of its own: one that does not end is abandoned and
                // said so; if it is truly wedged, the watchdog stops and systemd restarts us.
                result = .success(try await Deadline.run(seconds: Self.briefingDeadline) {
                    try await pipeline.runOnce(now: clock(), output: output, carried: carried)
                })
            } catch {
                result = .failure(error)
            }
            lock.release()
            progress.end("briefing")
            let ended = clock()
            queue.async { self.briefingFinished(result, began: began, ended: ended) }
        }
    }

    private func briefingFinished(_ result: Result<Pipeline.Outcome, any Error>, began: Date, ended: Date) {
        switch result {
        case .success(let outcome):
            carried = Health()
            failingFeeds = outcome.briefing.health.failures.count
            if let file = outcome.written.first {
                logger.info("briefing written: \(file.deletingPathExtension().path).* (\(outcome.briefing.stories.count) stories, \(String(format: "%.1f", ended.timeIntervalSince(began))) s)")
            } else {
                logger.error("no briefing written: no feed could be read")
            }
            runs["briefing"] = MetricsFile.Run(kind: "briefing", ended: ended, duration: ended.timeIntervalSince(began),
                                               items: outcome.briefing.health.itemsRead, stories: outcome.briefing.stories.count)
        case .failure(let error as Deadline.Expired):
            logger.error("briefing abandoned: not done after \(ConfigValues.describe(error.seconds)); the next one is made as scheduled")
        case .failure(let error):
            logger.error("briefing failed: \(error)")
        }
        writeMetrics()
        Self.returnFreedMemory()
        if stopping { return finish() }
        startDelivery()
        perform(machine.briefingFinished(now: now()))
    }

    /// Sends what the outbox holds that is due (a new briefing, or one whose last try failed),
    /// in a task of its own: a slow mail server never holds up the schedule.
    private func startDelivery() {
        guard !delivering, !stopping, !config.delivery.targets.isEmpty else { return }
        guard let pending = try? store.pendingDeliveries(), pending.contains(where: { $0.nextTry <= now().addingTimeInterval(1) }) else { return }
        delivering = true
        let deliverer = Deliverer(config: config, store: store, renderer: renderer, poster: http) { [logger] in logger.warning("\($0)") }
        let clock = now
        Task {
            let results = await deliverer.deliverDue(now: clock())
            queue.async { self.deliveryFinished(results) }
        }
    }

    private func deliveryFinished(_ results: [(record: DeliveryRecord, outcome: Deliverer.Outcome)]) {
        delivering = false
        for (record, outcome) in results where outcome == .delivered {
            logger.info("briefing \(record.briefing) delivered (\(record.target))")
        }
        deliveryFailuresTotal += results.filter { $0.outcome != .delivered }.count
        let pending = (try? store.pendingDeliveries()) ?? []
        deliveriesFailing = pending.filter { $0.lastError != nil }.count
        // The next try of a failed send comes at its time, not only with the next round.
        deliveryRetry?.cancel()
        if let due = pending.map(\.nextTry).min(), !stopping {
            let retry = DispatchWorkItem { [weak self] in self?.startDelivery() }
            deliveryRetry = retry
            queue.asyncAfter(deadline: .now() + min(max(due.timeIntervalSince(now()), 1), 6 * 3600), execute: retry)
        }
        writeMetrics()
        arm()
    }

    /// Hands the memory a round or a briefing freed back to the system (`FreedMemory`):
    /// between briefings the daemon then holds what it uses, not its largest briefing's peak.
    public static func returnFreedMemory() {
        FreedMemory.release()
    }

    private func briefNow() {
        guard !stopping else { return }
        logger.info("a briefing was asked for (SIGUSR1)")
        perform(machine.requestBriefing(now: now()))
    }

    private func reload() {
        guard !stopping else { return }
        notifier.send("RELOADING=1", "MONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())", "STATUS=reloading the config")
        do {
            let (newConfig, newRenderer) = try Commands.prepare(configPath: configPath)
            if newConfig.state.standardizedFileURL.path != config.state.standardizedFileURL.path {
                logger.warning("the new config moves the state folder to \(newConfig.state.path); that takes a restart, the old one stays in use")
            }
            var adopted = newConfig
            adopted.state = config.state
            config = adopted
            renderer = newRenderer
            machine.reconfigure(times: DailyTimes(config.schedule.briefings, timeZone: config.timeZone), fetchEvery: config.schedule.fetchEvery, now: now())
            logger.info("reloaded: \(config.feeds.count) feeds, briefings at \(config.schedule.briefings.joined(separator: ", "))")
            reloadError = nil
        } catch {
            logger.error("reload failed, the old config stays in use: \(error)")
            reloadError = "\(error)"
        }
        reloads += 1
        saveRecord()
        notifier.send("READY=1", "STATUS=\(statusLine())")
        perform([])
    }

    private func stop() {
        guard !stopping else { return }
        stopping = true
        logger.info("stopping")
        notifier.send("STOPPING=1", "STATUS=stopping")
        timer?.cancel()
        watchdog?.cancel()
        memoryTimer?.cancel()
        deliveryRetry?.cancel()
        if machine.isBusy {
            // Let the running work end; past the grace period it is abandoned (files are only
            // renamed into place, so nothing half-written is left).
            queue.asyncAfter(deadline: .now() + Self.stopGrace) { [self] in
                if !done { logger.warning("running work abandoned after \(Int(Self.stopGrace)) s") }
                finish()
            }
        } else {
            finish()
        }
    }

    private func finish() {
        guard !done else { return }
        done = true
        for source in signalSources { source.cancel() }
        var record = currentRecord()
        record.activity = "stopped"
        try? record.save(in: config.state)
        logger.info("stopped")
        finished?.resume()
        finished = nil
    }

    // MARK: - Reporting

    private func statusLine() -> String {
        var parts: [String] = []
        if machine.briefing { parts.append("briefing") }
        if let next = machine.nextBriefing {
            let formatter = DateFormatter()
            formatter.timeZone = config.timeZone
            formatter.dateFormat = "HH:mm"
            parts.append("next briefing \(formatter.string(from: next))")
        }
        parts.append("\(config.feeds.count) feeds, \(failingFeeds) failing")
        if deliveriesFailing > 0 { parts.append(deliveriesFailing == 1 ? "1 delivery failing" : "\(deliveriesFailing) deliveries failing") }
        return parts.joined(separator: "; ")
    }

    private func currentRecord() -> DaemonRecord {
        DaemonRecord(pid: getpid(), started: started, activity: machine.briefing ? "briefing" : machine.fetching ? "fetching" : "idle",
                     lastFetch: lastFetch, nextFetch: machine.nextFetch, nextBriefing: machine.nextBriefing,
                     reloads: reloads, reloadError: reloadError)
    }

    private func saveRecord() {
        do { try currentRecord().save(in: config.state) } catch { logger.warning("cannot write \(DaemonRecord.file(in: config.state).path): \(error)") }
    }

    private func writeMetrics() {
        guard let file = config.metricsFile else { return }
        let states = config.feeds.compactMap { try? store.feedState(id: $0.id, configuredURL: $0.url) }
        let deliveries = config.delivery.targets.isEmpty ? nil
            : MetricsFile.Deliveries(pending: ((try? store.pendingDeliveries()) ?? []).count, failing: deliveriesFailing, failedTries: deliveryFailuresTotal)
        do { try MetricsFile(file: file).write(runs: Array(runs.values), feeds: states, deliveries: deliveries, memory: memoryReading) } catch {
            logger.warning("cannot write the metrics file \(file.path): \(error)")
        }
    }

    /// Temporary files that a killed run left in the output folder (`.NAME.PID.tmp` of a
    /// process that is gone).
    private func removeStaleTemporaryFiles() {
        let folder = outputOverride ?? config.output
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.dropLast(4).split(separator: ".")
            guard let pid = parts.last.flatMap({ Int32($0) }), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            logger.info("removed \(name), left by a run that was killed")
        }
    }
}

extension BriefingLock {
    /// Takes `lock` without blocking a task's thread: a blocking wait runs on a Dispatch thread.
    static func acquire(_ lock: BriefingLock, waiting: @escaping @Sendable (Int32?) -> Void) async throws {
        if try lock.tryAcquire() { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                do {
                    try lock.acquire(waiting: waiting)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// What work is running and when it last moved on, shared by the work's tasks and the
/// watchdog timer.
final class WorkProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [String: Int] = [:]
    private var last = ContinuousClock.now

    func begin(_ kind: String) {
        lock.withLock {
            running[kind, default: 0] += 1
            last = .now
        }
    }

    func end(_ kind: String) {
        lock.withLock {
            running[kind, default: 1] -= 1
            if running[kind] == 0 { running[kind] = nil }
            last = .now
        }
    }

    func moved() {
        lock.withLock { last = .now }
    }

    /// Seconds since the running work last moved on; nil when nothing runs.
    func stalledFor() -> TimeInterval? {
        lock.withLock {
            guard !running.isEmpty else { return nil }
            let elapsed = ContinuousClock.now - last
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }

    var kinds: [String] { lock.withLock { running.keys.sorted() } }
}
