import HumanloopAPI
import Testing

/// v5 `/logs` on the one log table (CONTRACT-v5.md, "Logs").
@Suite("v5 Logs")
struct FileLogTests {
    @Test func aPromptsLogsAreListedNewestFirstWithTheirVersionAndV4LogsToo() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await PromptTests.upsert(api, path: "listed")
            let id = try #require(prompt["id"]?.stringValue)
            let message = #""messages":[{"role":"user","content":"first"}],"inputs":{"name":"A"}"#
            let first = try await api.postJSON("/v5/prompts/call", #"{"id":"\#(id)",\#(message)}"#)
            let second = try await api.postJSON(
                "/v5/prompts/call",
                #"{"id":"\#(id)","prompt":{\#(PromptTests.completionKernel)},"inputs":{"word":"w","name":"n"}}"#)
            // A v4 log of the same project.
            let v4 = try await api.postJSON(
                "/v4/chat-model-config",
                #"{"project_id":"\#(id)","model_config_id":"config_\#((prompt["version_id"]?.stringValue ?? "").dropFirst(4))","messages":[{"role":"user","content":"from v4"}],"inputs":{"name":"B"}}"#
            )
            let page = try await api.getJSON("/v5/logs?file_id=\(id)")
            #expect(page["total"] == 3 && page["page"] == 1)
            let records = try #require(page["records"]?.array)
            #expect(
                records.compactMap { $0["id"]?.stringValue }
                    == [
                        v4["data"]?[0]?["id"]?.stringValue, second["id"]?.stringValue, first["id"]?.stringValue,
                    ].compactMap { $0 })
            #expect(records[1]["prompt"]?["version_id"] == second["prompt"]?["version_id"])
            #expect(records[2]["output"] == "first")
            #expect(records.allSatisfy { $0["evaluator_logs"] == [] && $0["trace_children"] == nil })
            let byVersion = try await api.getJSON(
                "/v5/logs?file_id=\(id)&version_id=\(prompt["version_id"]?.stringValue ?? "")")
            #expect(byVersion["total"] == 2)
            let paged = try await api.getJSON("/v5/logs?file_id=\(id)&size=2&page=2&include_trace_children=true")
            #expect(paged["records"]?.array?.count == 1)
            #expect(paged["records"]?[0]?["trace_children"] == [])

            #expect(try await api.get("/v5/logs").status == .unprocessableContent)
            #expect(try await api.get("/v5/logs?file_id=pr_nope").status == .notFound)
            #expect(try await api.get("/v5/logs?file_id=\(id)&page=0").status == .unprocessableContent)
        }
    }

    @Test func oneLogIsReadAndLogsAreDeleted() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await PromptTests.upsert(api, path: "single")
            let id = try #require(prompt["id"]?.stringValue)
            let call = try await api.postJSON(
                "/v5/prompts/call",
                #"{"id":"\#(id)","messages":[{"role":"user","content":"hi"}],"inputs":{"name":"A"}}"#)
            let logID = try #require(call["id"]?.stringValue)
            let log = try await api.getJSON("/v5/logs/\(logID)")
            #expect(log["id"]?.stringValue == logID)
            #expect(log["prompt"]?["id"]?.stringValue == id)
            #expect(log["output"] == "hi" && log["inputs"] == ["name": "A"])
            #expect(log["trace_children"] == [])
            // A v4 log with no project is not a v5 log.
            let bare = try await api.postJSON(
                "/v4/completion", #"{"model_config":{"provider":"mock","model":"m","prompt_template":"x"}}"#)
            #expect(try await api.get("/v5/logs/\(bare["data"]?[0]?["id"]?.stringValue ?? "")").status == .notFound)

            #expect(try await api.delete("/v5/logs?id=\(logID)&id=log_unknown").status == .noContent)
            #expect(try await api.get("/v5/logs/\(logID)").status == .notFound)
            #expect(try await api.get("/v4/logs/\(logID)").status == .notFound)
        }
    }

    @Test func aLogIsUpdatedByItsPromptOnly() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await PromptTests.upsert(api, path: "updated")
            let other = try await PromptTests.upsert(api, path: "other")
            let id = try #require(prompt["id"]?.stringValue)
            let created = try await api.postJSON(
                "/v5/prompts/log", #"{"id":"\#(id)","output":"draft","error":"kept","metadata":{"a":1}}"#)
            let logID = try #require(created["id"]?.stringValue)
            let updated = try await api.patch(
                "/v5/prompts/\(id)/log/\(logID)",
                #"{"output":"final","metadata":{"b":2},"output_tokens":4,"start_time":"2026-01-01T00:00:00Z","end_time":"2026-01-01T00:00:02Z"}"#
            )
            #expect(updated.status == .ok)
            let answer = try updated.json()
            #expect(answer["output"] == "final" && answer["metadata"] == ["b": 2] && answer["output_tokens"] == 4)
            #expect(answer["error"] == "kept", "a field not given keeps its value")
            #expect(try await api.getJSON("/v4/logs/\(logID)")["duration"] == 2)
            // Through another prompt, or unknown: 404.
            let otherID = try #require(other["id"]?.stringValue)
            #expect(try await api.patch("/v5/prompts/\(otherID)/log/\(logID)", #"{"output":"x"}"#).status == .notFound)
            #expect(try await api.patch("/v5/prompts/\(id)/log/log_unknown", #"{"output":"x"}"#).status == .notFound)
            // A log made with save: false keeps none of the payload an update sends.
            let unsaved = try await api.postJSON(
                "/v5/prompts/log", #"{"id":"\#(id)","output":"secret","save":false}"#)
            let unsavedID = try #require(unsaved["id"]?.stringValue)
            let patched = try await api.patch(
                "/v5/prompts/\(id)/log/\(unsavedID)", #"{"output":"still secret","prompt_tokens":3}"#)
            #expect(try patched.json()["output"] == .null)
            #expect(try patched.json()["prompt_tokens"] == 3)
            #expect(try await server.databaseContains("still secret") == false)
        }
    }
}
