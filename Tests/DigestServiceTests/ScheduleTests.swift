import DigestService
import Foundation
import Testing

/// The daemon's schedule, driven by a manual clock.
@Suite struct ScheduleTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    /// A clock the test moves by hand.
    struct ManualClock {
        var now: Date
        mutating func advance(_ seconds: TimeInterval) { now += seconds }
        mutating func set(_ text: String) { now = ScheduleTests.utc(text) }
    }

    @Test("daily times in Berlin across both DST changes of 2026", arguments: [
        // after, times, expected next (UTC)
        ("2026-03-28T06:30:00Z", ["07:00"], "2026-03-29T05:00:00Z"), // the day clocks go forward: 07:00 CEST
        ("2026-03-29T00:00:00Z", ["02:30"], "2026-03-29T01:00:00Z"), // 02:30 does not exist: the end of the gap, 03:00 CEST
        ("2026-03-29T01:00:00Z", ["02:30"], "2026-03-30T00:30:00Z"), // and the next day as usual
        ("2026-10-24T23:00:00Z", ["02:30"], "2026-10-25T00:30:00Z"), // 02:30 happens twice: the first one (CEST)
        ("2026-10-25T00:30:00Z", ["02:30"], "2026-10-26T01:30:00Z"), // and not again an hour later
        ("2026-10-25T04:00:00Z", ["07:00"], "2026-10-25T06:00:00Z"), // 07:00 CET after the change
        ("2026-11-22T06:00:00Z", ["07:00", "18:00"], "2026-11-22T17:00:00Z"),
        ("2026-11-22T17:00:00Z", ["18:00", "07:00"], "2026-11-23T06:00:00Z"),
    ])
    func dailyTimes(_ after: String, _ times: [String], _ expected: String) {
        #expect(DailyTimes(times, timeZone: Self.berlin).next(after: Self.utc(after)) == Self.utc(expected))
    }

    @Test("a day in a DST change is still one briefing per time, and the spring day is 23 hours")
    func briefingsAcrossDST() {
        var clock = ManualClock(now: Self.utc("2026-03-27T12:00:00Z"))
        var machine = ScheduleMachine(times: DailyTimes(["07:00"], timeZone: Self.berlin), fetchEvery: 86_400 * 30, now: clock.now, lastBriefing: clock.now)
        #expect(machine.tick(now: clock.now) == [.fetch])
        #expect(machine.fetchFinished(now: clock.now) == [])
        var briefings: [Date] = []
        while machine.wakeAt < Self.utc("2026-03-31T00:00:00Z") {
            clock.now = machine.wakeAt
            for action in machine.tick(now: clock.now) {
                if action == .brief {
                    briefings.append(clock.now)
                    _ = machine.briefingFinished(now: clock.now)
                } else {
                    _ = machine.fetchFinished(now: clock.now)
                }
            }
        }
        #expect(briefings == ["2026-03-28T06:00:00Z", "2026-03-29T05:00:00Z", "2026-03-30T05:00:00Z"].map(Self.utc))
    }

    @Test("a briefing that comes due during a fetch round waits for it, then starts; rounds never overlap")
    func briefingWaitsForFetch() {
        var clock = ManualClock(now: Self.utc("2026-11-22T05:50:00Z"))
        var machine = ScheduleMachine(times: DailyTimes(["07:00"], timeZone: Self.berlin), fetchEvery: 600, now: clock.now, lastBriefing: nil)
        #expect(machine.tick(now: clock.now) == [.fetch])
        clock.set("2026-11-22T06:00:00Z") // 07:00 in Berlin, the round still running
        #expect(machine.tick(now: clock.now) == [])
        #expect(machine.briefingWanted)
        clock.advance(90)
        #expect(machine.tick(now: clock.now) == [], "a second round never starts while one runs")
        #expect(machine.fetchFinished(now: clock.now) == [.brief])
        clock.advance(30)
        #expect(machine.tick(now: clock.now) == [], "nothing starts during the briefing")
        #expect(machine.briefingFinished(now: clock.now) == [])
        #expect(machine.nextFetch == clock.now.addingTimeInterval(600))
        #expect(machine.nextBriefing == Self.utc("2026-11-23T06:00:00Z"))
    }

    @Test("a machine that was off at briefing time briefs at start-up, once; one never briefed before waits for the schedule")
    func lateStart() {
        let times = DailyTimes(["07:00", "18:00"], timeZone: Self.berlin)
        let now = Self.utc("2026-11-22T09:00:00Z") // 10:00 in Berlin
        var missed = ScheduleMachine(times: times, fetchEvery: 1800, now: now, lastBriefing: Self.utc("2026-11-20T06:00:00Z"))
        #expect(missed.tick(now: now) == [.brief])
        #expect(missed.briefingFinished(now: now) == [])
        #expect(missed.tick(now: now.addingTimeInterval(60)) == [])
        #expect(missed.nextBriefing == Self.utc("2026-11-22T17:00:00Z"))
        var onTime = ScheduleMachine(times: times, fetchEvery: 1800, now: now, lastBriefing: Self.utc("2026-11-22T06:00:05Z"))
        #expect(onTime.tick(now: now) == [.fetch])
        var fresh = ScheduleMachine(times: times, fetchEvery: 1800, now: now, lastBriefing: nil)
        #expect(fresh.tick(now: now) == [.fetch])
    }

    @Test("a clock that jumps forward past briefing times makes one briefing; one that jumps back days does not wait days")
    func clockJumps() {
        var clock = ManualClock(now: Self.utc("2026-11-22T05:00:00Z"))
        var machine = ScheduleMachine(times: DailyTimes(["07:00", "12:00"], timeZone: Self.berlin), fetchEvery: 1800, now: clock.now, lastBriefing: nil)
        #expect(machine.tick(now: clock.now) == [.fetch])
        #expect(machine.fetchFinished(now: clock.now) == [])
        clock.set("2026-11-22T14:00:00Z") // past 07:00 and 12:00
        #expect(machine.tick(now: clock.now) == [.brief])
        #expect(machine.briefingFinished(now: clock.now) == [])
        #expect(machine.tick(now: clock.now) == [])
        #expect(machine.nextBriefing == Self.utc("2026-11-23T06:00:00Z"))
        clock.set("2026-11-19T14:00:00Z") // three days back
        #expect(machine.tick(now: clock.now) == [])
        #expect(machine.nextBriefing == Self.utc("2026-11-20T06:00:00Z"))
        #expect(machine.nextFetch <= clock.now.addingTimeInterval(1800))
        clock.set("2026-11-19T14:30:00Z")
        #expect(machine.tick(now: clock.now) == [.fetch])
    }

    @Test("a small step back (an NTP correction) does not repeat the briefing just made")
    func smallStepBack() {
        let start = Self.utc("2026-11-22T06:00:00Z")
        var machine = ScheduleMachine(times: DailyTimes(["07:00"], timeZone: Self.berlin), fetchEvery: 1800, now: start.addingTimeInterval(-60), lastBriefing: nil)
        _ = machine.tick(now: start.addingTimeInterval(-60))
        _ = machine.fetchFinished(now: start.addingTimeInterval(-60))
        #expect(machine.tick(now: start) == [.brief])
        _ = machine.briefingFinished(now: start.addingTimeInterval(5))
        #expect(machine.tick(now: start.addingTimeInterval(-30)) == [])
        #expect(machine.nextBriefing == Self.utc("2026-11-23T06:00:00Z"))
    }

    @Test("a briefing asked for during a briefing is made after it")
    func requestDuringBriefing() {
        let now = Self.utc("2026-11-22T09:00:00Z")
        var machine = ScheduleMachine(times: DailyTimes([], timeZone: Self.berlin), fetchEvery: 1800, now: now, lastBriefing: nil)
        #expect(machine.requestBriefing(now: now) == [.brief])
        #expect(machine.requestBriefing(now: now) == [])
        #expect(machine.briefingFinished(now: now) == [.brief])
        #expect(machine.nextBriefing == nil)
    }
}
