import Foundation

/// Daily times of day ("07:00", "18:30") in one time zone, turned into instants. Wall-clock
/// rules, as a person reading the config means them:
/// - a time that does not exist on a day (inside the spring-forward gap: 02:30 when clocks jump
///   from 02:00 to 03:00) happens at the first instant after the gap (03:00);
/// - a time that happens twice (inside the fall-back hour) happens once, the first time.
public struct DailyTimes: Sendable, Equatable {
    /// Minutes after midnight, sorted, without repeats.
    public let minutes: [Int]
    /// The zone the times are in.
    public let timeZone: TimeZone

    /// Times from `HH:MM` strings (ones that are not are ignored: the config has checked them).
    public init(_ times: [String], timeZone: TimeZone) {
        minutes = Set(times.compactMap { text -> Int? in
            let parts = text.split(separator: ":")
            guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
            return hour * 60 + minute
        }).sorted()
        self.timeZone = timeZone
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The instants of the day (in the zone) that contains `date`, in order.
    func instants(onDayOf date: Date) -> [Date] {
        let calendar = calendar
        let day = calendar.dateComponents([.year, .month, .day], from: date)
        return minutes.compactMap { minute in
            var parts = day
            parts.hour = minute / 60
            parts.minute = minute % 60
            parts.second = 0
            return instant(parts, calendar: calendar)
        }.sorted()
    }

    /// The instant of a local date and time, with the gap and overlap rules above.
    private func instant(_ parts: DateComponents, calendar: Calendar) -> Date? {
        guard let year = parts.year, let month = parts.month, let day = parts.day, let hour = parts.hour, let minute = parts.minute else { return nil }
        // Take the local time as if it were UTC, then subtract the zone's offset. Trying the
        // offsets in force two hours either side covers every transition there is.
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard let naive = utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)) else { return nil }
        let offsets = Set([-7200.0, 0, 7200].map { Double(timeZone.secondsFromGMT(for: naive.addingTimeInterval($0))) })
        let matches = offsets.map { naive.addingTimeInterval(-$0) }.filter { Double(timeZone.secondsFromGMT(for: $0)) == naive.timeIntervalSince($0) }
        if let first = matches.min() { return first }
        // In a gap: no offset gives that local time; the gap ends at the transition.
        let before = naive.addingTimeInterval(-offsets.max()!)
        return timeZone.nextDaylightSavingTimeTransition(after: before.addingTimeInterval(-7200)) ?? before
    }

    /// The first scheduled instant strictly after `date`; nil when there are no times.
    public func next(after date: Date) -> Date? {
        guard !minutes.isEmpty else { return nil }
        for offset in 0...2 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: date) else { continue }
            if let found = instants(onDayOf: day).first(where: { $0 > date }) { return found }
        }
        return nil
    }

    /// The last scheduled instant at or before `date`; nil when there are no times.
    public func previous(atOrBefore date: Date) -> Date? {
        guard !minutes.isEmpty else { return nil }
        for offset in 0...2 {
            guard let day = calendar.date(byAdding: .day, value: -offset, to: date) else { continue }
            if let found = instants(onDayOf: day).last(where: { $0 <= date }) { return found }
        }
        return nil
    }
}
