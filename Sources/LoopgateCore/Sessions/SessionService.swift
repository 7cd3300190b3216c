import HumanloopAPI
import Storage

/// Sessions: logs of one conversation or run, grouped, with their parent/child tree.
public final class SessionService: Sendable {
    let store: any Store
    let logs: LogService
    let projects: ProjectDirectory

    public init(store: any Store, logs: LogService, projects: ProjectDirectory) {
        self.store = store
        self.logs = logs
        self.projects = projects
    }

    /// `POST /sessions`.
    public func create(orgID: String) async throws -> CreateSessionResponse {
        CreateSessionResponse(id: try await store.createSession(orgID: orgID))
    }

    /// `GET /sessions/{id}`, with the session's logs as a tree by parent.
    public func session(id: String, orgID: String) async throws -> SessionResponse {
        guard let session = try await store.session(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Session with id '\(id)' not found")
        }
        let records = try await store.logs(sessionID: session.id, orgID: orgID)
        var response = try await response(for: session, records: records, orgID: orgID)
        let logResponses = try await logs.responses(for: records, orgID: orgID)
        response.logs = Self.tree(logResponses)
        return response
    }

    /// `GET /sessions?project_id=…`: a 1-based page of the sessions with logs in the project.
    public func list(projectID: String, orgID: String, page: Int, size: Int) async throws -> Paginated<SessionResponse>
    {
        let project = try await projects.project(id: projectID, orgID: orgID)
        let (sessions, total) = try await store.sessions(
            projectID: project.id, orgID: orgID, page: page - 1, size: size)
        var responses: [SessionResponse] = []
        for session in sessions {
            let records = try await store.logs(sessionID: session.id, orgID: orgID)
            responses.append(try await response(for: session, records: records, orgID: orgID))
        }
        return Paginated(records: responses, page: page, size: size, total: total)
    }

    func response(for session: SessionRecord, records: [LogRecord], orgID: String) async throws -> SessionResponse {
        var sessionProjects: [SessionProjectResponse] = []
        for projectID in Set(records.compactMap(\.projectID)).sorted() {
            if let project = try? await projects.project(id: projectID, orgID: orgID) {
                sessionProjects.append(SessionProjectResponse(id: project.id, name: project.name))
            }
        }
        return SessionResponse(
            id: session.id, projects: sessionProjects, datapointsCount: records.count, createdAt: session.createdAt,
            updatedAt: records.last?.updatedAt ?? session.updatedAt, referenceID: session.referenceID,
            firstInputs: Coding.decodeIfPresent(JSONObject.self, fromText: records.first?.inputs),
            lastOutput: records.last?.output, logs: nil)
    }

    /// Roots are the logs without a parent in the session, by `created_at`; each holds its children.
    static func tree(_ logs: [LogResponse]) -> [SessionLogNode] {
        let ids = Set(logs.map(\.id))
        var children: [String: [LogResponse]] = [:]
        var roots: [LogResponse] = []
        for log in logs {
            if let parentID = log.parentID, ids.contains(parentID), parentID != log.id {
                children[parentID, default: []].append(log)
            } else {
                roots.append(log)
            }
        }
        func node(_ log: LogResponse, depth: Int) -> SessionLogNode {
            let kids = depth < 64 ? (children[log.id] ?? []).map { node($0, depth: depth + 1) } : []
            return SessionLogNode(log: log, children: kids)
        }
        return roots.map { node($0, depth: 0) }
    }
}
