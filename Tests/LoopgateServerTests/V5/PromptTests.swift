import HumanloopAPI
import Testing

/// v5 Prompts over real HTTP, on v4's data (CONTRACT-v5.md, "One data model", "Prompts", "Calling a Prompt").
@Suite("v5 Prompts")
struct PromptTests {
    static let chatKernel =
        #""model":"mock-1","provider":"mock","template":[{"role":"system","content":"You help {{name}}"}]"#
    static let completionKernel = #""model":"mock-1","provider":"mock","template":"Say {{word}} to {{name}}""#

    /// Upserts a prompt at `path` with `kernel`; answers the PromptResponse.
    static func upsert(_ api: APIClient, path: String, kernel: String = chatKernel) async throws -> JSONValue {
        try await api.postJSON("/v5/prompts", #"{"path":"\#(path)",\#(kernel)}"#)
    }

    @Test func aPromptIsAV4ProjectAndItsVersionAV4Config() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await Self.upsert(api, path: "/support/answer-bot/")
            #expect(prompt["path"] == "support/answer-bot")
            #expect(prompt["name"] == "answer-bot")
            #expect(prompt["type"] == "prompt")
            #expect(prompt["inputs"] == [["name": "name"]])
            let id = try #require(prompt["id"]?.stringValue)
            let versionID = try #require(prompt["version_id"]?.stringValue)
            #expect(id.hasPrefix("pr_") && versionID.hasPrefix("prv_"))
            for field in ["created_at", "updated_at", "last_used_at", "version_logs_count", "total_logs_count"] {
                #expect(prompt[field] != nil, "missing \(field)")
            }
            // The same kernel again is the same version; v4 sees the project by the path and the config by its hash.
            #expect(try await Self.upsert(api, path: "support/answer-bot")["version_id"]?.stringValue == versionID)
            let project = try await api.getJSON("/v4/projects/\(id)")
            #expect(project["name"] == "support/answer-bot")
            let configID = "config_" + versionID.dropFirst("prv_".count)
            let config = try await api.getJSON("/v4/model-configs/\(configID)")
            #expect(config["chat_template"]?[0]?["content"] == "You help {{name}}")
            // A config registered through v4 is a version through v5.
            let registered = try await api.postJSON(
                "/v4/model-configs",
                #"{"project_id":"\#(id)","provider":"mock","model":"mock-2","prompt_template":"v4 {{x}}"}"#)
            let v4ConfigID = try #require(registered["config"]?["id"]?.stringValue)
            let versions = try #require(try await api.getJSON("/v5/prompts/\(id)/versions")["records"]?.array)
            #expect(
                Set(versions.compactMap { $0["version_id"]?.stringValue })
                    == [versionID, "prv_" + v4ConfigID.dropFirst("config_".count)])
            #expect(versions.first?["template"] == "v4 {{x}}", "newest first")
        }
    }

    /// Found by schema fuzzing: any JSON was kept as `reasoning_effort` and answered back against the schema.
    @Test func reasoningEffortIsAnEffortOrATokenBudget() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let effort = try await Self.upsert(api, path: "r", kernel: Self.chatKernel + #","reasoning_effort":"high""#)
            #expect(effort["reasoning_effort"] == "high")
            let budget = try await Self.upsert(api, path: "r", kernel: Self.chatKernel + #","reasoning_effort":1024"#)
            #expect(budget["reasoning_effort"] == 1024)
            for bad in [#"{"a":1}"#, "[1]", "1.5", "true"] {
                let refused = try await api.post(
                    "/v5/prompts", #"{"path":"r",\#(Self.chatKernel),"reasoning_effort":\#(bad)}"#)
                #expect(refused.status == .unprocessableContent, "\(bad)")
                #expect(try refused.json()["detail"]?[0]?["loc"] == ["body", "reasoning_effort"], "\(bad)")
            }
            let v4 = try await api.post(
                "/v4/model-configs", #"{"project":"r4","provider":"mock","model":"m","reasoning_effort":{"x":1}}"#)
            #expect(v4.status == .unprocessableContent)
        }
    }

    @Test func theDefaultVersionIsTheDeployedOneElseTheNewest() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let first = try await Self.upsert(api, path: "p")
            let id = try #require(first["id"]?.stringValue)
            let second = try await Self.upsert(api, path: "p", kernel: Self.completionKernel)
            #expect(try await api.getJSON("/v5/prompts/\(id)")["version_id"] == second["version_id"])

            let environments = try #require(try await api.getJSON("/v5/prompts/\(id)/environments").array)
            #expect(environments.compactMap { $0["name"]?.stringValue } == ["production", "staging", "development"])
            #expect(environments.allSatisfy { $0["file"] == .null && $0["created_at"]?.stringValue != nil })
            let production = try #require(environments[0]["id"]?.stringValue)
            let firstVersion = try #require(first["version_id"]?.stringValue)
            let deployed = try await api.post(
                "/v5/prompts/\(id)/environments/\(production)?version_id=\(firstVersion)", "")
            #expect(deployed.status == .ok)
            #expect(try deployed.json()["environments"]?[0]?["name"] == "production")
            #expect(try await api.getJSON("/v5/prompts/\(id)")["version_id"]?.stringValue == firstVersion)
            #expect(
                try await api.getJSON("/v5/prompts/\(id)?environment=production")["version_id"]?.stringValue
                    == firstVersion)
            #expect(try await api.get("/v5/prompts/\(id)?environment=staging").status == .notFound)
            #expect(try await api.get("/v5/prompts/\(id)?version_id=prv_unknown").status == .notFound)
            // A deploy through v5 is what v4's -deployed endpoints use.
            let v4 = try await api.postJSON(
                "/v4/chat-deployed",
                #"{"project_id":"\#(id)","messages":[{"role":"user","content":"hi"}],"inputs":{"name":"A"}}"#)
            #expect(v4["data"]?[0]?["model_config_id"]?.stringValue == "config_" + firstVersion.dropFirst(4))
            let listed = try #require(try await api.getJSON("/v5/prompts/\(id)/environments").array)
            #expect(listed[0]["file"]?["version_id"]?.stringValue == firstVersion)

            #expect(try await api.delete("/v5/prompts/\(id)/environments/\(production)").status == .noContent)
            #expect(try await api.getJSON("/v5/prompts/\(id)")["version_id"] == second["version_id"])
            #expect(
                try await api.post("/v5/prompts/\(id)/environments/env_nope?version_id=\(firstVersion)", "").status
                    == .notFound)
            #expect(
                try await api.post("/v5/prompts/\(id)/environments/\(production)?version_id=prv_nope", "").status
                    == .notFound)
        }
    }

    @Test func listingShowsPromptsWithAVersionNewestFirstAndPages() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            _ = try await Self.upsert(api, path: "team/Alpha")
            _ = try await Self.upsert(api, path: "team/beta")
            _ = try await api.postJSON("/v4/projects", #"{"name":"no-versions"}"#)
            let all = try await api.getJSON("/v5/prompts")
            #expect(all["total"] == 2)
            #expect(all["page"] == 1 && all["size"] == 10)
            #expect(all["records"]?.array?.compactMap { $0["path"]?.stringValue } == ["team/beta", "team/Alpha"])
            #expect(try await api.getJSON("/v5/prompts?name=ALPHA")["records"]?.array?.count == 1)
            let second = try await api.getJSON("/v5/prompts?page=2&size=1")
            #expect(second["records"]?[0]?["path"] == "team/Alpha" && second["total"] == 2)
            #expect(try await api.getJSON("/v5/prompts?page=3&size=1")["records"]?.array?.isEmpty == true)
            #expect(try await api.get("/v5/prompts?page=0").status == .unprocessableContent)
            #expect(try await api.get("/v5/prompts?size=0").status == .unprocessableContent)
        }
    }

    @Test func aCallRendersTheVersionAndLogsIntoTheOneLogTable() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await Self.upsert(api, path: "bot")
            let answer = try await api.postJSON(
                "/v5/prompts/call",
                #"{"path":"bot","inputs":{"name":"Ada"},"messages":[{"role":"user","content":"hello there"}],"metadata":{"k":1},"environment":"staging"}"#
            )
            let logID = try #require(answer["id"]?.stringValue)
            #expect(logID.hasPrefix("log_"))
            #expect(answer["prompt"]?["version_id"] == prompt["version_id"])
            #expect(answer["prompt"]?["version_logs_count"] == 1)
            #expect(answer["logs"]?[0]?["output"] == "hello there")
            #expect(answer["logs"]?[0]?["id"]?.stringValue == logID)
            #expect(answer["logs"]?[0]?["index"] == 0)
            #expect(answer["logs"]?[0]?["output_message"]?["role"] == "assistant")
            #expect(answer["logs"]?[0]?["finish_reason"] == "stop")
            #expect(answer["messages"]?[0]?["content"] == "You help Ada")
            #expect(answer["inputs"] == ["name": "Ada"])
            #expect(answer["metadata"] == ["k": 1])
            // v4 reads the v5 log where it reads logs.
            let log = try await api.getJSON("/v4/logs/\(logID)")
            #expect(log["project_id"] == prompt["id"])
            #expect(log["environment"] == "staging")
            #expect(log["output"] == "hello there")

            // A string template is a completion: the output is the rendered template, the messages unused.
            let completion = try await api.postJSON(
                "/v5/prompts/call",
                #"{"path":"bot","prompt":{\#(Self.completionKernel)},"inputs":{"word":"hi","name":"Bo"},"num_samples":2,"messages":[{"role":"user","content":"unused"}]}"#
            )
            #expect(
                completion["logs"]?.array?.compactMap { $0["output"]?.stringValue } == ["Say hi to Bo", "Say hi to Bo"])
            #expect(completion["messages"] == .null)
            #expect(
                try await api.getJSON("/v5/prompts/\(try #require(prompt["id"]?.stringValue))/versions")["records"]?
                    .array?.count == 2)
        }
    }

    @Test func aCallNamesItsFileAndVersionOrIsRefused() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let message = #""messages":[{"role":"user","content":"hi"}],"inputs":{"name":"A"}"#
            // An unknown path without an inline prompt: 404 and nothing created.
            #expect(try await api.post("/v5/prompts/call", #"{"path":"new/one",\#(message)}"#).status == .notFound)
            #expect(try await api.getJSON("/v5/prompts")["total"] == 0)
            // Neither id nor path: 422.
            let neither = try await api.post("/v5/prompts/call", #"{\#(message)}"#)
            #expect(neither.status == .unprocessableContent)
            // With an inline prompt, the path is created.
            let created = try await api.postJSON(
                "/v5/prompts/call", #"{"path":"new/one","prompt":{\#(Self.chatKernel)},\#(message)}"#)
            let id = try #require(created["prompt"]?["id"]?.stringValue)
            let versionID = try #require(created["prompt"]?["version_id"]?.stringValue)
            // At most one of version_id, environment and prompt.
            let two = try await api.post(
                "/v5/prompts/call?version_id=\(versionID)",
                #"{"id":"\#(id)","prompt":{\#(Self.chatKernel)},\#(message)}"#)
            #expect(two.status == .unprocessableContent)
            #expect(try await api.post("/v5/prompts/call", #"{"id":"pr_nope",\#(message)}"#).status == .notFound)
            #expect(
                try await api.postJSON("/v5/prompts/call?version_id=\(versionID)", #"{"id":"\#(id)",\#(message)}"#)[
                    "prompt"]?["version_id"]?.stringValue == versionID)
            // A version named alone names the prompt that used it first (here, before the same kernel
            // joined a second prompt).
            _ = try await api.postJSON("/v5/prompts", #"{"path":"new/two",\#(Self.chatKernel)}"#)
            let alone = try await api.postJSON("/v5/prompts/call?version_id=\(versionID)", #"{\#(message)}"#)
            #expect(
                alone["prompt"]?["id"]?.stringValue == id && alone["prompt"]?["version_id"]?.stringValue == versionID)
            #expect(try await api.post("/v5/prompts/call?version_id=prv_nope", #"{\#(message)}"#).status == .notFound)
            // A template variable without a value: 422 naming it.
            let missing = try await api.post("/v5/prompts/call", #"{"id":"\#(id)","messages":[]}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.json()["detail"]?[0]?["loc"] == ["body", "inputs", "name"])
            // The .prompt text form is not taken inline.
            let text = try await api.post("/v5/prompts/call", #"{"path":"x","prompt":"---\nmodel: m\n---"}"#)
            #expect(text.status == .unprocessableContent)
        }
    }

    @Test func aStreamedCallSendsEachPieceThenTheEndWithTokens() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await Self.upsert(api, path: "streamer")
            let response = try await api.post(
                "/v5/prompts/call",
                #"{"path":"streamer","stream":true,"inputs":{"name":"A"},"messages":[{"role":"user","content":"one two three"}]}"#
            )
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            let events = try EventStream(response.text).events
            #expect(events.compactMap { $0["output"]?.stringValue }.joined() == "one two three")
            #expect(events.dropLast().allSatisfy { $0["finish_reason"] == .null })
            let last = try #require(events.last)
            #expect(last["finish_reason"] == "stop")
            #expect(last["output_tokens"] == 3)
            #expect(last["output_message"]?["content"] == "one two three")
            #expect(events.allSatisfy { $0["prompt_id"] == prompt["id"] && $0["version_id"] == prompt["version_id"] })
            let logID = try #require(last["id"]?.stringValue)
            #expect(try await api.getJSON("/v4/logs/\(logID)")["output"] == "one two three")
            // A failure before the first event is plain JSON.
            let refused = try await api.post("/v5/prompts/call", #"{"path":"nowhere","stream":true}"#)
            #expect(refused.status == .notFound)
            #expect(try refused.json()["detail"]?["message"]?.stringValue?.contains("nowhere") == true)
        }
    }

    @Test func aLogIsStoredAsGivenUnderTheResolvedVersion() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await Self.upsert(api, path: "logged")
            let created = try await api.postJSON(
                "/v5/prompts/log",
                #"{"path":"logged","output":"made elsewhere","inputs":{"name":"Z"},"prompt_tokens":7,"output_tokens":2,"start_time":"2026-01-01T00:00:00Z","end_time":"2026-01-01T00:00:01.5Z","environment":"staging","metadata":{"m":true}}"#
            )
            let id = try #require(created["id"]?.stringValue)
            #expect(id.hasPrefix("log_"))
            #expect(created["prompt_id"] == prompt["id"] && created["version_id"] == prompt["version_id"])
            let log = try await api.getJSON("/v4/logs/\(id)")
            #expect(log["output"] == "made elsewhere")
            #expect(log["prompt_tokens"] == 7 && log["output_tokens"] == 2)
            #expect(log["duration"] == 1.5)
            #expect(log["environment"] == "staging")
            #expect(log["metadata"] == ["m": true])
            #expect(log["config_id"]?.stringValue == "config_" + (prompt["version_id"]?.stringValue ?? "").dropFirst(4))
            // Nothing is generated and no template is checked: no inputs at all is fine.
            #expect(try await api.post("/v5/prompts/log", #"{"path":"logged","output":"x"}"#).status == .ok)
            // Unknown path without an inline prompt, flows and runs not served: 404s.
            #expect(try await api.post("/v5/prompts/log", #"{"path":"nope","output":"x"}"#).status == .notFound)
            #expect(
                try await api.post("/v5/prompts/log", #"{"path":"logged","trace_parent_id":"log_x"}"#).status
                    == .notFound)
            #expect(try await api.post("/v5/prompts/log", #"{"path":"logged","run_id":"run_x"}"#).status == .notFound)
            let inline = try await api.postJSON(
                "/v5/prompts/log", #"{"path":"fresh","prompt":{\#(Self.completionKernel)},"output":"y"}"#)
            #expect(inline["prompt_id"]?.stringValue?.hasPrefix("pr_") == true)
            #expect(try await api.getJSON("/v5/prompts")["total"] == 2)
        }
    }

    @Test func aVersionRoundTripsThroughAPromptFileAndPopulates() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await Self.upsert(api, path: "files/bot")
            let id = try #require(prompt["id"]?.stringValue)
            let serialized = try await api.get("/v5/prompts/\(id)/serialize")
            #expect(serialized.status == .ok)
            #expect(serialized.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(serialized.text.hasPrefix("---"))
            #expect(serialized.text.contains("You help {{name}}"))
            let text = try JSONValue.string(serialized.text).serialized()
            let kernel = try await api.postJSON("/v5/prompts/deserialize", #"{"prompt":\#(text)}"#)
            #expect(kernel["model"] == "mock-1")
            // Upserting what came back is the same version: the round trip keeps the content id.
            let again = try await api.postJSON(
                "/v5/prompts", #"{"path":"files/bot",\#(String(kernel.serialized().dropFirst().dropLast()))}"#)
            #expect(again["version_id"] == prompt["version_id"])
            #expect(
                try await api.post("/v5/prompts/deserialize", #"{"prompt":"no front matter"}"#).status
                    == .unprocessableContent)

            let populated = try await api.postJSON("/v5/prompts/\(id)/populate", #"{"name":"Ada"}"#)
            #expect(populated["populated_template"]?[0]?["content"] == "You help Ada")
            #expect(populated["version_id"] == prompt["version_id"])
            let missing = try await api.post("/v5/prompts/\(id)/populate", "{}")
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.json()["detail"]?[0]?["loc"] == ["body", "name"])
            let completion = try await Self.upsert(api, path: "files/bot", kernel: Self.completionKernel)
            let versionID = try #require(completion["version_id"]?.stringValue)
            let filled = try await api.postJSON(
                "/v5/prompts/\(id)/populate?version_id=\(versionID)", #"{"word":"hi","name":"Bo"}"#)
            #expect(filled["populated_template"] == "Say hi to Bo")
        }
    }

    @Test func aPromptMovesAndIsDeletedWithItsLogs() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await Self.upsert(api, path: "a/b")
            let id = try #require(prompt["id"]?.stringValue)
            let moved = try await api.patch("/v5/prompts/\(id)", #"{"path":"c/d"}"#)
            #expect(try moved.json()["path"] == "c/d")
            #expect(try await api.getJSON("/v4/projects/\(id)")["name"] == "c/d")
            #expect(try await api.patch("/v5/prompts/\(id)", #"{"name":"e"}"#).json()["path"] == "c/e")
            _ = try await Self.upsert(api, path: "taken")
            #expect(try await api.patch("/v5/prompts/\(id)", #"{"path":"taken"}"#).status == .conflict)
            #expect(try await api.patch("/v5/prompts/\(id)", #"{"path":"a//b"}"#).status == .unprocessableContent)

            let call = try await api.postJSON(
                "/v5/prompts/call",
                #"{"id":"\#(id)","inputs":{"name":"x"},"messages":[{"role":"user","content":"hi"}]}"#)
            let logID = try #require(call["id"]?.stringValue)
            #expect(try await api.delete("/v5/prompts/\(id)").status == .noContent)
            #expect(try await api.get("/v5/prompts/\(id)").status == .notFound)
            #expect(try await api.get("/v4/logs/\(logID)").status == .notFound)
        }
    }

    @Test func v5NeedsAKeyAndUnknownRoutesAreJSON404s() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            #expect(try await api.get("/v5/prompts", key: nil).status == .unauthorized)
            #expect(
                try await api.get("/v5/prompts", key: "lg_wrongwrongwrongwrongwrongwrong12").status == .unauthorized)
            let unknown = try await api.get("/v5/nothing-here")
            #expect(unknown.status == .notFound)
            #expect(try unknown.json()["detail"]?["code"] == 404)
        }
    }
}
