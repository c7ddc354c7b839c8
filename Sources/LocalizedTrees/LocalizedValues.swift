import Foundation
import LocaleData
import Synchronization

/// Dates and reading times formatted once per locale and value: ICU formatters are costly to open,
/// and a blog has a few hundred distinct dates and a few dozen reading times across thousands of pages.
final class LocalizedValues: Sendable {
    private let dateStyle: LocaleDateFormatter.Style
    private let dates = Mutex<[String: String]>([:])
    private let dateFormatters: LocalePool<LocaleDateFormatter>
    private let readingTimes = Mutex<[String: Result<String, MessageFormatError>]>([:])

    init(dateStyle: LocaleDateFormatter.Style) {
        self.dateStyle = dateStyle
        dateFormatters = LocalePool { try LocaleDateFormatter(locale: $0, style: dateStyle) }
    }

    func date(_ date: CivilDate, locale: String) -> String {
        let key = locale + "\u{0}" + date.description
        if let known = dates.withLock({ $0[key] }) { return known }
        let text = (try? dateFormatters.with(locale) { $0.format(date) }) ?? date.description
        dates.withLock { $0[key] = text }
        return text
    }

    /// The reading-time message formatted for `minutes` (ICU plural rules and the locale's digits).
    func readingTime(pattern: String, minutes: Double, locale: String) throws(MessageFormatError) -> String {
        let key = locale + "\u{0}" + pattern + "\u{0}" + String(minutes)
        if let known = readingTimes.withLock({ $0[key] }) { return try known.get() }
        let argument = (try? MessagePattern(pattern))?.argumentNames.first ?? "minutes"
        let result: Result<String, MessageFormatError>
        do { result = .success(try MessageFormat.format(pattern, locale: locale, arguments: [argument: .number(minutes)])) }
        catch { result = .failure(error) }
        readingTimes.withLock { $0[key] = result }
        return try result.get()
    }
}

/// ICU objects that are not thread-safe, kept per locale and lent to one thread at a time.
final class LocalePool<Object>: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [String: [Object]] = [:]
    private let make: (String) throws -> Object

    init(_ make: @escaping (String) throws -> Object) { self.make = make }

    func with<Result>(_ locale: String, _ body: (Object) throws -> Result) throws -> Result {
        lock.lock()
        let object = idle[locale]?.popLast()
        lock.unlock()
        let lent = try object ?? make(locale)
        defer {
            lock.lock()
            idle[locale, default: []].append(lent)
            lock.unlock()
        }
        return try body(lent)
    }
}
