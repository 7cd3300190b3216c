import HumanloopAPI
import Testing

/// v5 `/files` (CONTRACT-v5.md, "Files").
@Suite("v5 Files")
struct FileTests {
    @Test func filesAreListedByDirectoryTypeAndNameAndFoundByPath() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let answerBot = try await PromptTests.upsert(api, path: "support/answer-bot")
            _ = try await PromptTests.upsert(api, path: "support/deep/triage")
            _ = try await PromptTests.upsert(api, path: "supportive")
            _ = try await api.postJSON("/v4/projects", #"{"name":"support/empty"}"#)
            let all = try await api.getJSON("/v5/files")
            #expect(all["total"] == 3)
            #expect(
                all["records"]?.array?.compactMap { $0["path"]?.stringValue } == [
                    "supportive", "support/deep/triage", "support/answer-bot",
                ])
            #expect(all["records"]?.array?.allSatisfy { $0["type"] == "prompt" } == true)
            let inSupport = try await api.getJSON("/v5/files?path=/support/")
            #expect(
                inSupport["records"]?.array?.compactMap { $0["path"]?.stringValue } == [
                    "support/deep/triage", "support/answer-bot",
                ])
            #expect(try await api.getJSON("/v5/files?path=support/deep")["total"] == 1)
            #expect(try await api.getJSON("/v5/files?name=TRIAGE")["total"] == 1)
            #expect(try await api.getJSON("/v5/files?type=prompt&type=tool")["total"] == 3)
            #expect(try await api.getJSON("/v5/files?type=flow")["total"] == 0)
            #expect(try await api.getJSON("/v5/files?size=2&page=2")["records"]?.array?.count == 1)
            #expect(try await api.getJSON("/v5/files?environment=production")["total"] == 0)

            let found = try await api.postJSON("/v5/files/retrieve-by-path", #"{"path":"/support/answer-bot"}"#)
            #expect(found["id"] == answerBot["id"] && found["version_id"] == answerBot["version_id"])
            #expect(try await api.post("/v5/files/retrieve-by-path", #"{"path":"support/none"}"#).status == .notFound)
            #expect(
                try await api.post(
                    "/v5/files/retrieve-by-path?environment=production", #"{"path":"support/answer-bot"}"#
                )
                .status == .notFound)
            #expect(
                try await api.post("/v5/files/retrieve-by-path", #"{"path":"a//b"}"#).status == .unprocessableContent)
        }
    }
}
