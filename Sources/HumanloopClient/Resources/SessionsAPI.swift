import HumanloopAPI

/// The session calls (`client.sessions`): sessions group the logs of one multi-step interaction.
public struct SessionsAPI: Sendable {
    let transport: APITransport

    /// Creates an empty session (`POST /sessions`); pass its id as `session_id` to later calls.
    public func create() async throws -> CreateSessionResponse {
        try await transport.decode(CreateSessionResponse.self, APIRequest(.POST, ["sessions"]))
    }

    /// Reads a session with its logs as a tree (`GET /sessions/{id}`).
    /// - Parameter id: The session id (`sesh_…`).
    public func get(id: String) async throws -> SessionResponse {
        try await transport.decode(SessionResponse.self, APIRequest(.GET, ["sessions", id]))
    }

    /// Lists the sessions that have logs in a project (`GET /sessions`).
    /// - Parameters:
    ///   - projectID: The project id.
    ///   - page: The page, from 1 (sessions count pages from 1, unlike the other listings).
    ///   - size: Sessions per page (the server's default is 10).
    public func list(projectID: String, page: Int? = nil, size: Int? = nil) async throws
        -> Paginated<SessionResponse>
    {
        try await transport.decode(
            Paginated<SessionResponse>.self,
            APIRequest(
                .GET, ["sessions"],
                query: [("project_id", projectID), ("page", page.map(String.init)), ("size", size.map(String.init))]))
    }
}
