import HumanloopAPI
import HumanloopClient
import Testing

@Suite("client.sessions")
struct SessionsAPITests {
    @Test func createGetAndList() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            let session = try await client.sessions.create()
            #expect(session.id.hasPrefix("sesh_"))

            var request = Requests.completion(project: "sessions")
            request.options.sessionID = session.id
            let parent = try await client.complete(request)
            request.options.parentID = parent.data[0].id
            _ = try await client.complete(request)

            let read = try await client.sessions.get(id: session.id)
            #expect(read.datapointsCount == 2)
            #expect(read.projects.map(\.name) == ["sessions"])
            #expect(read.logs?.count == 1)
            #expect(read.logs?.first?.children.count == 1)

            let projectID = try #require(parent.fields.projectID)
            let page = try await client.sessions.list(projectID: projectID, page: 1, size: 10)
            #expect(page.records.map(\.id) == [session.id])
            #expect(page.page == 1)
            #expect(try await client.sessions.list(projectID: projectID, page: 2).records.isEmpty)

            await #expect(throws: HumanloopError.self) { _ = try await client.sessions.get(id: "sesh_missing") }
        }
    }
}
