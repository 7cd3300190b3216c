import HumanloopAPI
import Storage

/// Where a new log hangs: its session and its parent, resolved from what a request names. Every write
/// of a log (a generation, JSON or streamed, and `POST /logs`) resolves them here.
struct LogLinks: Sendable {
    var sessionID: String?
    var parentID: String?

    /// What is wrong with a request's references: a session or a parent named both by id and by reference.
    static func issues(of references: LogLinkReferences, at path: [LocationComponent]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if references.session.id != nil, references.session.referenceID != nil {
            issues.append(
                ValidationIssue(
                    loc: path + ["session_reference_id"],
                    msg: "specify at most one of session_id and session_reference_id", type: "value_error"))
        }
        if references.parent.id != nil, references.parent.referenceID != nil {
            issues.append(
                ValidationIssue(
                    loc: path + ["parent_reference_id"],
                    msg: "specify at most one of parent_id and parent_reference_id", type: "value_error"))
        }
        return issues
    }

    /// Checks the session a request names by id and finds the parent it names by id or by
    /// `reference_id`; anything unknown in the organisation is a 404.
    ///
    /// A session named by reference is found or created later, by the log writer in the same transaction
    /// as the logs that join it: two requests that name a new reference at once then make one session,
    /// and a request that fails before its logs are written makes none.
    static func resolve(in store: any Store, _ references: LogLinkReferences, orgID: String) async throws -> LogLinks {
        var links = LogLinks()
        if let sessionID = references.session.id {
            guard try await store.sessionExists(id: sessionID, orgID: orgID) else {
                throw GatewayError.notFound("Session with id '\(sessionID)' not found")
            }
            links.sessionID = sessionID
        }
        if let parentID = references.parent.id {
            guard try await store.logExists(id: parentID, orgID: orgID) else {
                throw GatewayError.notFound("Parent log with id '\(parentID)' not found")
            }
            links.parentID = parentID
        } else if let parentReferenceID = references.parent.referenceID {
            guard let parentID = try await store.logID(referenceID: parentReferenceID, orgID: orgID) else {
                throw GatewayError.notFound("No log was recorded with reference_id '\(parentReferenceID)'")
            }
            links.parentID = parentID
        }
        return links
    }
}
