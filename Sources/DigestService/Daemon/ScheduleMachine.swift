import Foundation

/// The daemon's decisions, as a state machine over instants it is handed (the daemon reads
/// its clock; tests hand it a manual one). It decides when fetch rounds and briefings start;
/// it does no work and sets no timers itself.
///
/// - Fetch rounds start every `fetchEvery`, counted from the end of the last; never two at once.
/// - Briefings happen at the daily `times`. One that comes due while a fetch round runs waits
///   for it to end; several that come due together (the machine slept, the clock jumped) make
///   one briefing.
/// - At start-up, a briefing is made when the last one is older than the latest scheduled time
///   (it was missed while the machine was off, like systemd's `Persistent=true`).
/// - Deadlines are instants on the wall clock, recomputed after every event: a clock that jumps
///   forward past a briefing time makes that briefing at once; one that jumps back by more than
///   a day does not postpone the next briefing by the size of the jump.
public struct ScheduleMachine: Sendable, Equatable {
    /// What the daemon should do now.
    public enum Action: Sendable, Equatable {
        /// Start a fetch round.
        case fetch
        /// Start a briefing (it fetches what is due first).
        case brief
    }

    /// The daily briefing times.
    public var times: DailyTimes
    /// Seconds between fetch rounds.
    public var fetchEvery: TimeInterval
    /// When the next fetch round is due.
    public private(set) var nextFetch: Date
    /// When the next scheduled briefing is due; nil without briefing times.
    public private(set) var nextBriefing: Date?
    /// A fetch round is running.
    public private(set) var fetching = false
    /// A briefing is running.
    public private(set) var briefing = false
    /// A briefing is due and waits for the running work to end.
    public private(set) var briefingWanted = false

    /// A machine started at `now`; `lastBriefing` is when the last briefing was made, if ever.
    public init(times: DailyTimes, fetchEvery: TimeInterval, now: Date, lastBriefing: Date?) {
        self.times = times
        self.fetchEvery = max(1, fetchEvery)
        nextFetch = now
        nextBriefing = times.next(after: now)
        if let last = lastBriefing, let due = times.previous(atOrBefore: now), last < due {
            briefingWanted = true
        }
    }

    /// When the daemon should next call `tick`: the earlier deadline.
    public var wakeAt: Date {
        [nextFetch, nextBriefing].compactMap { $0 }.min()!
    }

    /// Whether any work runs.
    public var isBusy: Bool { fetching || briefing }

    /// The clock says `now`: starts what is due.
    public mutating func tick(now: Date) -> [Action] {
        // A clock set back: deadlines never lie further ahead than a full interval from now.
        // For briefings that is a day and the longest DST shift; a small step back (NTP)
        // keeps the deadline, so the briefing just made is not made again.
        if nextFetch > now.addingTimeInterval(fetchEvery) { nextFetch = now.addingTimeInterval(fetchEvery) }
        if let scheduled = nextBriefing, scheduled > now.addingTimeInterval(25 * 3600) {
            nextBriefing = times.next(after: now)
        }
        if let scheduled = nextBriefing, scheduled <= now {
            briefingWanted = true
            nextBriefing = times.next(after: now)
        }
        return start(now: now)
    }

    /// Someone asked for a briefing now (SIGUSR1, `digest trigger`).
    public mutating func requestBriefing(now: Date) -> [Action] {
        briefingWanted = true
        return start(now: now)
    }

    /// The fetch round ended at `now`.
    public mutating func fetchFinished(now: Date) -> [Action] {
        fetching = false
        nextFetch = now.addingTimeInterval(fetchEvery)
        return start(now: now)
    }

    /// The briefing ended at `now` (it fetched too, so the next round is counted from here).
    public mutating func briefingFinished(now: Date) -> [Action] {
        briefing = false
        nextFetch = now.addingTimeInterval(fetchEvery)
        return start(now: now)
    }

    /// The config changed: new times and interval, keeping what runs and what is wanted.
    public mutating func reconfigure(times: DailyTimes, fetchEvery: TimeInterval, now: Date) {
        self.times = times
        self.fetchEvery = max(1, fetchEvery)
        nextBriefing = times.next(after: now)
        nextFetch = min(nextFetch, now.addingTimeInterval(self.fetchEvery))
    }

    private mutating func start(now: Date) -> [Action] {
        guard !isBusy else { return [] }
        if briefingWanted {
            briefingWanted = false
            briefing = true
            return [.brief]
        }
        if nextFetch <= now {
            fetching = true
            return [.fetch]
        }
        return []
    }
}
