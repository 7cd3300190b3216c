import ArgumentParser
import Foundation
import Logging
import Storage

/// `--database`, shared by every command; falls back to `LOOPGATE_DATABASE_URL`, then the default file.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Database URL: sqlite:///abs/path.sqlite, sqlite://relative.sqlite or postgres://user:pass@host:port/db (env LOOPGATE_DATABASE_URL)"
    )
    var database: String?

    func url() throws -> DatabaseURL {
        let text = database ?? Environment.value("LOOPGATE_DATABASE_URL") ?? DatabaseURL.defaultURL
        do {
            return try DatabaseURL(parsing: text)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Opens and migrates the database for a command, runs `body`, and closes it again.
    func withStore<T: Sendable>(_ body: @Sendable (SQLStore) async throws -> T) async throws -> T {
        var logger = Logger(label: "loopgate")
        logger.logLevel = .warning
        let store = try SQLStore.open(try url(), logger: logger)
        do {
            try await store.migrate()
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }
}

/// `LOOPGATE_*` environment variables; an empty value counts as unset.
enum Environment {
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// A duration given in seconds (fractions allowed); more than zero, or zero too with `allowZero`.
    static func seconds(_ name: String, default defaultValue: Duration, allowZero: Bool = false) throws -> Duration {
        guard let text = value(name) else { return defaultValue }
        guard let seconds = Double(text), seconds.isFinite, allowZero ? seconds >= 0 : seconds > 0 else {
            throw ValidationError("\(name) must be a \(allowZero ? "" : "positive ")number of seconds, got '\(text)'")
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    /// A number of days (fractions allowed), more than zero; `nil` when unset.
    static func days(_ name: String) throws -> Duration? {
        guard let text = value(name) else { return nil }
        guard let days = Double(text), days.isFinite, days > 0 else {
            throw ValidationError("\(name) must be a positive number of days, got '\(text)'")
        }
        return .milliseconds(Int64(days * 86_400_000))
    }

    /// A whole number of at least 1.
    static func positiveInteger(_ name: String) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), number > 0 else {
            throw ValidationError("\(name) must be a positive whole number, got '\(text)'")
        }
        return number
    }
}
