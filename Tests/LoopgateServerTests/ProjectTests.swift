import HumanloopAPI
import Testing

@Suite("GET /v4/projects")
struct ProjectTests {
    @Test func listsPagesFiltersAndSorts() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            for name in ["Bravo", "alpha", "Charlie", "alphabet"] {
                #expect(
                    try await api.post("/v4/completion", Bodies.completion(extra: #","project":"\#(name)""#)).status
                        == .ok)
            }
            let newestFirst = try await api.get("/v4/projects").json()
            #expect(newestFirst["total"] == 4)
            #expect(newestFirst["page"] == 0)
            #expect(newestFirst["size"] == 10)
            #expect(newestFirst["records"]?[0]?["name"] == "alphabet")

            let byName = try await api.get("/v4/projects?sort_by=name&order=asc&size=2&page=1").json()
            #expect(byName["records"]?.array?.compactMap { $0["name"]?.stringValue } == ["Bravo", "Charlie"])

            let filtered = try await api.get("/v4/projects?filter=ALPHA&sort_by=name&order=asc").json()
            #expect(filtered["total"] == 2)
            #expect(filtered["records"]?.array?.compactMap { $0["name"]?.stringValue } == ["alpha", "alphabet"])

            let record = try #require(newestFirst["records"]?[0])
            #expect(record["team_id"]?.stringValue?.hasPrefix("tm_") == true)
            #expect(record["users"] == [])
            let feedbackTypes = record["feedback_types"]?.array?.compactMap { $0["type"]?.stringValue }
            #expect(feedbackTypes == ["rating", "action", "issue", "correction", "comment"])
            #expect(record["data_count"] == 1)
            _ = try await api.get("/v4/projects").decode(Paginated<ProjectResponse>.self)
        }
    }

    @Test func unknownProjectIs404() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.get("/v4/projects/pr_nothingHere")
            #expect(response.status == .notFound)
            #expect(try response.json()["detail"]?["code"] == 404)
        }
    }
}
