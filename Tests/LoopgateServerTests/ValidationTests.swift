import HumanloopAPI
import Testing

@Suite("Validation errors")
struct ValidationTests {
    /// Posts `body` and returns the single FastAPI-shaped issue of the 422 answer.
    static func issue(_ api: APIClient, _ path: String, _ body: String) async throws -> JSONValue? {
        let response = try await api.post(path, body)
        #expect(response.status == .unprocessableContent, "\(response.text)")
        let detail = try response.json()["detail"]?.array
        #expect(detail?.isEmpty == false)
        for issue in detail ?? [] {
            #expect(issue["loc"]?.array != nil)
            #expect(issue["msg"]?.stringValue != nil)
            #expect(issue["type"]?.stringValue != nil)
        }
        return detail?.first
    }

    @Test func malformedJSONIs422() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let issue = try await Self.issue(api, "/v4/completion", #"{"model_config": {"#)
            #expect(issue?["type"] == "value_error.jsondecode")
            #expect(issue?["loc"] == ["body"])
            let empty = try await Self.issue(api, "/v4/chat", "")
            #expect(empty?["type"] == "value_error.missing")
            let array = try await Self.issue(api, "/v4/chat", "[1,2]")
            #expect(array?["loc"] == ["body"])
        }
    }

    /// Found by schema fuzzing: a content part of any shape was stored and answered back against the schema.
    @Test func contentPartsAreTextOrAnImageURL() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            func chat(_ part: String) -> String {
                #"{"project":"parts","model_config":{"provider":"mock","model":"m"},"messages":[{"role":"user","content":[\#(part)]}]}"#
            }
            let good = try await api.post(
                "/v4/chat",
                chat(
                    #"{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low"}}"#
                ))
            #expect(good.status == .ok, "\(good.text)")
            for bad in [
                #"{"type":"image_url","image_url":[1]}"#, #"{"type":"image_url","image_url":{"detail":"low"}}"#,
                #"{"type":"image_url","image_url":{"url":"u","detail":"huge"}}"#, #"{"type":"text"}"#,
                #"{"type":"audio","text":"x"}"#,
            ] {
                let issue = try await Self.issue(api, "/v4/chat", chat(bad))
                #expect(issue?["loc"]?.array?.prefix(4) == ["body", "messages", 0, "content"], "\(bad)")
            }
        }
    }

    @Test func missingAndMistypedFieldsNameTheirLocation() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let noConfig = try await Self.issue(api, "/v4/completion", #"{"inputs":{}}"#)
            #expect(noConfig?["loc"] == ["body", "model_config"])
            #expect(noConfig?["type"] == "value_error.missing")

            let noModel = try await Self.issue(api, "/v4/chat", #"{"model_config":{"provider":"mock"},"messages":[]}"#)
            #expect(noModel?["loc"] == ["body", "model_config", "model"])

            let noMessages = try await Self.issue(api, "/v4/chat", #"{"model_config":{"provider":"mock","model":"m"}}"#)
            #expect(noMessages?["loc"] == ["body", "messages"])

            let wrongType = try await Self.issue(
                api, "/v4/completion", Bodies.completion(extra: #","num_samples":"three""#))
            #expect(wrongType?["loc"] == ["body", "num_samples"])
            #expect(wrongType?["type"] == "type_error.integer")

            let badRole = try await Self.issue(
                api, "/v4/chat", Bodies.chat(messages: #"[{"role":"robot","content":"x"}]"#))
            #expect(badRole?["loc"] == ["body", "messages", 0, "role"])
            #expect(badRole?["type"] == "type_error.enum")

            let nested = try await Self.issue(
                api, "/v4/chat", Bodies.chat(messages: #"[{"role":"user","content":"x"},{"role":"user","content":5}]"#))
            #expect(nested?["loc"]?[0] == "body")
            #expect(nested?["loc"]?[1] == "messages")
            #expect(nested?["loc"]?[2] == 1)
        }
    }

    @Test func completionNeedsAPromptTemplate() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let issue = try await Self.issue(
                api, "/v4/completion", #"{"model_config":{"provider":"mock","model":"m"}}"#)
            #expect(issue?["loc"] == ["body", "model_config", "prompt_template"])
        }
    }

    @Test func aFieldWithItsReferenceTwinIs422() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let session = try await Self.issue(
                api, "/v4/completion", Bodies.completion(extra: #","session_id":"sesh_a","session_reference_id":"r""#))
            #expect(session?["loc"] == ["body", "session_reference_id"])
            let parent = try await Self.issue(
                api, "/v4/chat", Bodies.chat(extra: #","parent_id":"data_a","parent_reference_id":"r""#))
            #expect(parent?["loc"] == ["body", "parent_reference_id"])
        }
    }

    @Test func templateVariablesMissingFromInputsAreNamed() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.post(
                "/v4/completion", Bodies.completion(prompt: "{{a}} and {{ b }} and {{a}}", inputs: "{}"))
            #expect(response.status == .unprocessableContent)
            let detail = try #require(try response.json()["detail"]?.array)
            #expect(detail.map { $0["loc"] } == [["body", "inputs", "a"], ["body", "inputs", "b"]])
            let chat = try await Self.issue(
                api, "/v4/chat",
                Bodies.chat(config: #","chat_template":[{"role":"system","content":"Hi {{ who }}"}]"#))
            #expect(chat?["loc"] == ["body", "inputs", "who"])
        }
    }

    @Test func unknownAndUnsupportedProvidersAre422NamingTheField() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let unknown = try await Self.issue(
                api, "/v4/chat", #"{"model_config":{"provider":"nope","model":"m"},"messages":[]}"#)
            #expect(unknown?["loc"] == ["body", "model_config", "provider"])
            #expect(unknown?["type"] == "type_error.enum")
            let unsupported = try await Self.issue(
                api, "/v4/chat", #"{"model_config":{"provider":"bedrock","model":"m"},"messages":[]}"#)
            #expect(unsupported?["loc"] == ["body", "model_config", "provider"])
            #expect(unsupported?["msg"]?.stringValue?.contains("bedrock") == true)
            let edit = try await Self.issue(
                api, "/v4/chat", #"{"model_config":{"provider":"mock","model":"m","endpoint":"edit"},"messages":[]}"#)
            #expect(edit?["loc"] == ["body", "model_config", "endpoint"])
        }
    }

    @Test func badQueryParametersAre422() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let missing = try await api.get("/v4/logs")
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.json()["detail"]?[0]?["loc"] == ["query", "project_id"])
            let page = try await api.get("/v4/projects?page=first")
            #expect(page.status == .unprocessableContent)
            #expect(try page.json()["detail"]?[0]?["loc"] == ["query", "page"])
            let sort = try await api.get("/v4/projects?sort_by=colour")
            #expect(try sort.json()["detail"]?[0]?["type"] == "type_error.enum")
        }
    }
}
