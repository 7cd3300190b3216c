import Foundation
import HTTPTypes
import HumanloopAPI
import LoopgateCore
import Testing

/// OpenAI's API on `/v1` (issue 27): the same pipeline, keys, projects and logs as v4 and v5, answered
/// in OpenAI's shapes and statuses.
@Suite("OpenAI-compatible API")
struct OpenAIChatTests {
    static func bearer(_ key: String = TestServer.apiKey) -> String { "Bearer \(key)" }

    /// The data events of a streamed answer, `[DONE]` included as text.
    static func events(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").compactMap { event in
            event.hasPrefix("data: ") ? String(event.dropFirst("data: ".count)) : nil
        }
    }

    @Test func aChatAnswersAsOpenAIDoesAndIsAV4Log() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.post(
                "/v1/chat/completions",
                #"""
                {"model":"mock/mock-1","n":2,"user":"ada@example.com","metadata":{"ticket":"T-1"},
                 "messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"where is  my order"}]}]}
                """#, headers: ["Authorization": Self.bearer()])
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["object"] == "chat.completion" && body["model"] == "mock/mock-1")
            let choices = try #require(body["choices"]?.array)
            #expect(choices.count == 2 && choices.allSatisfy { $0["finish_reason"] == "stop" })
            // The provider's text as it came, not trimmed.
            #expect(choices[0]["message"] == ["role": "assistant", "content": "where is  my order", "refusal": .null])
            #expect(body["usage"] == ["prompt_tokens": 6, "completion_tokens": 8, "total_tokens": 14])
            let id = try #require(body["id"]?.stringValue)

            let log = try await api.getJSON("/v4/logs/\(id)")
            #expect(log["project"] == "openai-compatible" && log["user"] == "ada@example.com")
            #expect(log["metadata"]?["ticket"] == "T-1")
            #expect(log["messages"]?[0]?["role"] == "system")
            _ = try await api.postJSON("/v4/feedback", #"{"type":"rating","value":"good","data_id":"\#(id)"}"#)
            #expect(try await api.getJSON("/v4/logs/\(id)")["feedback"]?[0]?["value"] == "good")

            // The project by header, by name (made on first use) or id; X-API-KEY works too.
            let named = try await api.post(
                "/v1/chat/completions", #"{"model":"mock/m","messages":[{"role":"user","content":"hi"}]}"#,
                headers: ["X-Loopgate-Project": "team/bot"])
            #expect(named.status == .ok)
            let project = try await api.getJSON("/v4/logs/\(try named.json()["id"]?.stringValue ?? "")")["project"]
            #expect(project == "team/bot")

            // metadata.save false: the log keeps its measurements, not the content.
            let unsaved = try await api.post(
                "/v1/chat/completions",
                #"{"model":"mock/m","messages":[{"role":"user","content":"secret"}],"metadata":{"save":"false"}}"#,
                headers: ["Authorization": Self.bearer()])
            let unsavedLog = try await api.getJSON("/v4/logs/\(try unsaved.json()["id"]?.stringValue ?? "")")
            #expect(unsavedLog["output"] == .null && unsavedLog["messages"] == .null)
        }
    }

    @Test func aStreamFollowsOpenAIsEvents() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let streamed = try await api.post(
                "/v1/chat/completions",
                #"{"model":"mock/m","stream":true,"stream_options":{"include_usage":true},"n":2,"messages":[{"role":"user","content":"one two"}]}"#,
                headers: ["Authorization": Self.bearer()])
            #expect(streamed.status == .ok && streamed.headers[.contentType] == "text/event-stream")
            let events = Self.events(streamed.text)
            #expect(events.last == "[DONE]")
            let chunks = try events.dropLast().map { try JSONValue(parsing: $0) }
            #expect(chunks.allSatisfy { $0["object"] == "chat.completion.chunk" })
            #expect(Set(chunks.compactMap { $0["id"]?.stringValue }).count == 1)
            for index in 0..<2 {
                let mine = chunks.filter { $0["choices"]?[0]?["index"] == .integer(index) }
                #expect(mine.first?["choices"]?[0]?["delta"] == ["role": "assistant", "content": ""])
                #expect(
                    mine.compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined() == "one two")
                #expect(mine.last?["choices"]?[0]?["finish_reason"] == "stop")
                #expect(mine.dropLast().allSatisfy { $0["choices"]?[0]?["finish_reason"] == .null })
            }
            let usage = try #require(chunks.last)
            #expect(usage["choices"] == [] && usage["usage"]?["completion_tokens"] == 4)
            #expect(chunks.dropLast().allSatisfy { $0["usage"] == .null })

            let plain = try await api.post(
                "/v1/chat/completions", #"{"model":"mock/m","stream":true,"messages":[{"role":"user","content":"x"}]}"#,
                headers: ["Authorization": Self.bearer()])
            let plainChunks = Self.events(plain.text).dropLast().compactMap { try? JSONValue(parsing: $0) }
            #expect(plainChunks.allSatisfy { $0["usage"] == nil })
            #expect(Self.events(plain.text).last == "[DONE]")
        }
    }

    @Test func aDeploymentIsAModel() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await api.postJSON(
                "/v5/prompts",
                #"{"path":"support/bot","model":"mock-1","provider":"mock","template":[{"role":"system","content":"You help {{name}}."}]}"#
            )
            let id = try #require(prompt["id"]?.stringValue)
            let environments = try await api.getJSON("/v5/prompts/\(id)/environments")
            let production = try #require(environments.array?.first { $0["name"] == "production" }?["id"]?.stringValue)
            _ = try await api.postJSON(
                "/v5/prompts/\(id)/environments/\(production)?version_id=\(prompt["version_id"]?.stringValue ?? "")", ""
            )
            for model in ["loopgate:support/bot", "loopgate:\(id)@production"] {
                let answer = try await api.post(
                    "/v1/chat/completions",
                    #"{"model":"\#(model)","metadata":{"inputs":{"name":"Ada"}},"messages":[{"role":"user","content":"help"}]}"#,
                    headers: ["Authorization": Self.bearer()])
                #expect(answer.status == .ok, "\(model)")
                let log = try await api.getJSON("/v4/logs/\(try answer.json()["id"]?.stringValue ?? "")")
                #expect(log["messages"]?[0]?["content"] == "You help Ada." && log["output"] == "help")
                #expect(
                    log["config"]?["id"]?.stringValue == "config_"
                        + (prompt["version_id"]?.stringValue ?? "").dropFirst(4))
            }
            for model in ["loopgate:support/bot@staging", "loopgate:nobody", "gpt-4o", "nope/x", "loopgate:"] {
                let missing = try await api.post(
                    "/v1/chat/completions", #"{"model":"\#(model)","messages":[{"role":"user","content":"x"}]}"#,
                    headers: ["Authorization": Self.bearer()])
                #expect(missing.status == .notFound, "\(model)")
                #expect(try missing.json()["error"]?["code"] == "model_not_found")
            }
            let models = try await api.get("/v1/models", headers: ["Authorization": Self.bearer()])
            let ids = try models.json()["data"]?.array?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.contains("mock/mock-1") && ids.contains("loopgate:support/bot"))
            #expect(ids.contains("loopgate:support/bot@production") && !ids.contains("loopgate:support/bot@staging"))
        }
    }

    @Test func errorsAreOpenAIsShapesAndStatuses() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            func check(
                _ body: String, headers: [String: String] = ["Authorization": Self.bearer()],
                _ status: HTTPResponse.Status, param: JSONValue = .null,
                sourceLocation: SourceLocation = #_sourceLocation
            ) async throws {
                let response = try await api.post("/v1/chat/completions", body, key: nil, headers: headers)
                #expect(response.status == status, sourceLocation: sourceLocation)
                let error = try #require(try response.json()["error"], sourceLocation: sourceLocation)
                #expect(
                    error.objectValue?.keys.sorted() == ["code", "message", "param", "type"],
                    sourceLocation: sourceLocation)
                #expect(error["param"] == param, sourceLocation: sourceLocation)
            }
            let message = #"[{"role":"user","content":"x"}]"#
            try await check(#"{"model":"mock/m","messages":\#(message)}"#, headers: [:], .unauthorized)
            try await check(
                #"{"model":"mock/m","messages":\#(message)}"#, headers: ["Authorization": Self.bearer("lg_wrong")],
                .unauthorized)
            try await check("{not json", .badRequest)
            try await check(#"{"model":"mock/m"}"#, .badRequest, param: "messages")
            try await check(#"{"model":"mock/m","messages":"hi"}"#, .badRequest, param: "messages")
            try await check(
                #"{"model":"mock/m","messages":[{"role":"wizard","content":"x"}]}"#, .badRequest,
                param: "messages.0.role")
            try await check(#"{"model":"mock/m","n":0,"messages":\#(message)}"#, .badRequest, param: "n")
        }
    }
}
