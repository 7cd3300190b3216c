/// Failures of the storage layer, typed so the server can answer 404, 409 or 503.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration names a database that cannot be used.
    case invalidConfiguration(String)
    /// The database cannot be reached or did not answer in time.
    case unavailable(String)
    /// A unique value is taken (a project name, a reference id).
    case conflict(String)
    /// The database refused a statement (a bug or a schema out of step); never a client's fault.
    case rejected(String)
    /// The database holds a schema newer than this build knows.
    case schemaTooNew(found: Int, known: Int)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): return message
        case .unavailable(let message): return "database unavailable: \(message)"
        case .conflict(let message): return message
        case .rejected(let message): return message
        case .schemaTooNew(let found, let known):
            return "the database schema is version \(found), newer than this build of Loopgate knows (\(known))"
        }
    }
}
