/// Where the data lives, parsed from `--database` / `LOOPGATE_DATABASE_URL`.
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// An SQLite file: `sqlite:///abs/path.sqlite` or `sqlite://relative.sqlite`.
    case sqlite(path: String)
    /// A PostgreSQL server: `postgres://user:pass@host:port/db`.
    case postgres(url: String)

    /// The default of `loopgate serve`: a file beside the working directory.
    public static let defaultURL = "sqlite://loopgate.sqlite"

    public init(parsing text: String) throws(StoreError) {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw StoreError.invalidConfiguration("sqlite URL has no path: \(text)") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            throw StoreError.invalidConfiguration(
                "unsupported database URL '\(text)': use sqlite:///abs/path.sqlite, sqlite://relative.sqlite or postgres://…"
            )
        }
    }

    /// The URL with any password hidden, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let url):
            guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
            let credentials = url[scheme.upperBound..<at]
            guard let colon = credentials.firstIndex(of: ":") else { return url }
            return String(url[..<colon]) + ":***" + String(url[at...])
        }
    }
}
