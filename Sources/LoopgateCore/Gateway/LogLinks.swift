import Storage

/// Where a new log hangs: its session and its parent, as a request names them.
struct LogLinks: Sendable {
    var sessionID: String?
    var parentID: String?

    /// Checks the session a request names by id and finds the parent it names by id or by
    /// `reference_id`; anything unknown in the organisation is a 404. (A session named by reference is
    /// found or created later, in the log writer's batch.)
    static func resolve(
        in store: any Store, sessionID: String?, parentID: String?, parentReferenceID: String?, orgID: String
    ) async throws -> LogLinks {
        var links = LogLinks()
        if let sessionID {
            guard try await store.sessionExists(id: sessionID, orgID: orgID) else {
                throw GatewayError.notFound("Session with id '\(sessionID)' not found")
            }
            links.sessionID = sessionID
        }
        if let parentID {
            guard try await store.logExists(id: parentID, orgID: orgID) else {
                throw GatewayError.notFound("Parent log with id '\(parentID)' not found")
            }
            links.parentID = parentID
        } else if let parentReferenceID {
            guard let parentID = try await store.logID(referenceID: parentReferenceID, orgID: orgID) else {
                throw GatewayError.notFound("No log was recorded with reference_id '\(parentReferenceID)'")
            }
            links.parentID = parentID
        }
        return links
    }
}
