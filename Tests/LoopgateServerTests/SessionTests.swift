import HumanloopAPI
import Testing

@Suite("Sessions and parents on generations")
struct SessionTests {
    @Test func sessionReferenceCreatesTheSessionOnceAndJoinsItLater() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let first = try await api.post(
                "/v4/completion", Bodies.completion(extra: #","project":"s","session_reference_id":"conversation-1""#)
            ).json()
            let sessionID = try #require(first["session_id"]?.stringValue)
            #expect(sessionID.hasPrefix("sesh_"))
            let second = try await api.post(
                "/v4/chat", Bodies.chat(extra: #","project":"s","session_reference_id":"conversation-1""#)
            ).json()
            #expect(second["session_id"]?.stringValue == sessionID)
            let other = try await api.post(
                "/v4/chat", Bodies.chat(extra: #","session_reference_id":"conversation-2""#)
            ).json()
            #expect(other["session_id"]?.stringValue != sessionID)

            // The session is stored: its id can be used directly, and the log carries it.
            let joined = try await api.post("/v4/chat", Bodies.chat(extra: #","session_id":"\#(sessionID)""#)).json()
            #expect(joined["session_id"]?.stringValue == sessionID)
            let logID = try #require(second["data"]?[0]?["id"]?.stringValue)
            #expect(try await api.get("/v4/logs/\(logID)").json()["session_id"]?.stringValue == sessionID)
        }
    }

    @Test func concurrentFirstUsesOfOneReferenceMakeOneSession() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await api.post("/v4/chat", Bodies.chat(extra: #","session_reference_id":"same""#))
                            .json()["session_id"]?.stringValue
                    }
                }
                return try await group.reduce(into: Set<String?>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            #expect(ids.first??.hasPrefix("sesh_") == true)
        }
    }

    @Test func unknownSessionAndParentsAre404() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let session = try await api.post("/v4/chat", Bodies.chat(extra: #","session_id":"sesh_unknown""#))
            #expect(session.status == .notFound)
            let parent = try await api.post("/v4/chat", Bodies.chat(extra: #","parent_id":"data_unknown""#))
            #expect(parent.status == .notFound)
            let parentReference = try await api.post(
                "/v4/completion", Bodies.completion(extra: #","parent_reference_id":"never-logged""#))
            #expect(parentReference.status == .notFound)
            #expect(try parentReference.json()["detail"]?["message"]?.stringValue?.contains("never-logged") == true)
        }
    }

    @Test func parentIDLinksTheNewLog() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let parent = try await api.post("/v4/chat", Bodies.chat()).json()
            let parentID = try #require(parent["data"]?[0]?["id"]?.stringValue)
            let child = try await api.post("/v4/chat", Bodies.chat(extra: #","parent_id":"\#(parentID)""#)).json()
            let childID = try #require(child["data"]?[0]?["id"]?.stringValue)
            #expect(try await api.get("/v4/logs/\(childID)").json()["parent_id"]?.stringValue == parentID)
        }
    }
}
