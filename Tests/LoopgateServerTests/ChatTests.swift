import HumanloopAPI
import Testing

@Suite("POST /v4/chat")
struct ChatTests {
    @Test func mockEchoesTheLastUserMessageAfterTheRenderedTemplate() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.post(
                "/v4/chat",
                Bodies.chat(
                    messages:
                        #"[{"role":"user","content":"First question"},{"role":"assistant","content":"An answer"},{"role":"user","content":"Tell {{me}} more"}]"#,
                    extra: #","inputs":{"persona":"a pirate"},"project":"chatty""#,
                    config: #","chat_template":[{"role":"system","content":"You are {{ persona }}."}]"#))
            #expect(response.status == .ok)
            let body = try response.json()
            let sample = try #require(body["data"]?[0])
            // Request messages are not templates: their braces stay as sent.
            #expect(sample["output"] == "Tell {{me}} more")
            #expect(sample["finish_reason"] == "stop")
            let messages = try #require(sample["messages"]?.array)
            #expect(messages.count == 4)
            #expect(messages[0]["role"] == "system")
            #expect(messages[0]["content"] == "You are a pirate.")
            #expect(sample["output_message"]?["role"] == "assistant")
            #expect(sample["output_message"]?["content"] == "Tell {{me}} more")
            // prompt tokens: every message's words (4 + 2 + 2 + 3).
            #expect(body["usage"] == ["prompt_tokens": 11, "generation_tokens": 3, "total_tokens": 14])
            #expect(body["project_id"]?.stringValue?.hasPrefix("pr_") == true)
            #expect(body.objectValue?.keys.contains("tool_choice") == true)
            #expect(body.objectValue?.keys.contains("tool_call") == true)
            _ = try response.decode(ChatResponse.self)
        }
    }

    @Test func echoesToolControlsAndAcceptsBothMessageShapes() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = try await api.post(
                "/v4/chat",
                Bodies.chat(
                    messages: #"""
                        [{"role":"user","content":[{"type":"text","text":"What is the weather"},{"type":"text","text":" in Paris?"}]},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{}"}}]},
                         {"role":"tool","content":"sunny","tool_call_id":"call_1"},
                         {"role":"assistant","content":"","tool_call":{"name":"weather","arguments":{"city":"Paris"}}},
                         {"role":"tool","name":"weather","content":"still sunny"},
                         {"role":"user","content":"Thanks"}]
                        """#,
                    extra: #","tool_call":"auto","tool_choice":{"type":"function","function":{"name":"weather"}}"#,
                    config: #","tools":[{"name":"weather","description":"Weather now","parameters":{"type":"object"}}]"#
                )
            ).json()
            #expect(body["tool_call"] == "auto")
            #expect(body["tool_choice"] == ["type": "function", "function": ["name": "weather"]])
            #expect(body["data"]?[0]?["output"] == "Thanks")
        }
    }

    @Test func chatWithAPromptTemplateConfigIgnoresThePrompt() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.post(
                "/v4/chat", Bodies.chat(config: #","prompt_template":"Unused {{missing}}""#))
            #expect(response.status == .ok)
            #expect(try response.json()["data"]?[0]?["output"] == "Hello there")
        }
    }

    @Test func chatWithNoUserMessageEchoesNothing() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = try await api.post(
                "/v4/chat", Bodies.chat(messages: #"[{"role":"system","content":"Be brief"}]"#)
            )
            .json()
            #expect(body["data"]?[0]?["output"] == "")
            #expect(body["usage"] == ["prompt_tokens": 2, "generation_tokens": 0, "total_tokens": 2])
        }
    }
}
