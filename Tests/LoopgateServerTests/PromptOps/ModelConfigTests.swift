import HumanloopAPI
import LoopgateCore
import Testing

@Suite("Model configs and the model-config endpoints")
struct ModelConfigTests {
    static let completionConfig = #""provider":"mock","model":"mock-1","prompt_template":"Say {{word}}""#

    /// A config is content-addressed, so the same `other` in any order is one config; it comes back in one
    /// order, the canonical (sorted) one, not a `Dictionary`'s random one (issue 21).
    @Test func aConfigsOtherComesBackInItsCanonicalOrder() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let given = try await api.postJSON(
                "/v4/model-configs",
                #"{"provider":"mock","model":"mock-1","other":{"zeta":1,"alpha":{"y":2,"b":3},"mu":[{"k2":1,"k1":2}],"beta":4},"project":"o"}"#
            )
            let reordered = try await api.postJSON(
                "/v4/model-configs",
                #"{"provider":"mock","model":"mock-1","other":{"beta":4,"mu":[{"k1":2,"k2":1}],"alpha":{"b":3,"y":2},"zeta":1},"project":"o"}"#
            )
            let configID = try #require(given["config"]?["id"]?.stringValue)
            #expect(reordered["config"]?["id"]?.stringValue == configID)
            for _ in 0..<3 {
                let fetched = try await api.getJSON("/v4/model-configs/\(configID)")
                #expect(
                    fetched["other"]?.serialized()
                        == #"{"alpha":{"b":3,"y":2},"beta":4,"mu":[{"k1":2,"k2":1}],"zeta":1}"#)
            }
        }
    }

    @Test func registeringGivesTheContentIDAndTheFirstConfigBecomesActive() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let registered = try await api.postJSON(
                "/v4/model-configs", "{\(Self.completionConfig),\"project\":\"reg\"}")
            let configID = try #require(registered["config"]?["id"]?.stringValue)
            let projectID = try #require(registered["project_id"]?.stringValue)
            #expect(registered["project_name"] == "reg")
            #expect(registered["config"]?["type"] == "model")
            // The same content inline gives the same id.
            let inline = try await api.postJSON(
                "/v4/completion", #"{"model_config":{\#(Self.completionConfig)},"inputs":{"word":"hi"}}"#)
            #expect(inline["data"]?[0]?["model_config_id"]?.stringValue == configID)

            let active = try await api.getJSON("/v4/projects/\(projectID)/active-config")
            #expect(active["config"]?["id"]?.stringValue == configID)
            #expect(
                try await api.getJSON("/v4/projects/\(projectID)")["active_config"]?["config"]?["id"]?.stringValue
                    == configID)

            let second = try await api.postJSON(
                "/v4/model-configs",
                #"{"provider":"mock","model":"mock-2","prompt_template":"x","project_id":"\#(projectID)"}"#)
            #expect(second["config"]?["id"]?.stringValue != configID)
            #expect(
                try await api.getJSON("/v4/projects/\(projectID)/active-config")["config"]?["id"]?.stringValue
                    == configID)

            let fetched = try await api.getJSON("/v4/model-configs/\(configID)")
            #expect(fetched["model"] == "mock-1")
            #expect(fetched["prompt_template"] == "Say {{word}}")
            #expect(fetched["temperature"] == 1)
            #expect(try await api.get("/v4/model-configs/config_unknown").status == .notFound)

            let configs = try await api.getJSON("/v4/projects/\(projectID)/configs")
            #expect(configs.array?.count == 2)
        }
    }

    @Test func modelConfigEndpointsUseTheStoredConfig() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let registered = try await api.postJSON(
                "/v4/model-configs", "{\(Self.completionConfig),\"project\":\"mc\"}")
            let configID = try #require(registered["config"]?["id"]?.stringValue)
            let completion = try await api.postJSON(
                "/v4/completion-model-config",
                #"{"model_config_id":"\#(configID)","project":"mc","inputs":{"word":"stored"}}"#)
            #expect(completion["data"]?[0]?["output"] == "Say stored")
            #expect(completion["data"]?[0]?["model_config_id"]?.stringValue == configID)

            let chat = try await api.postJSON(
                "/v4/chat-model-config",
                #"{"model_config_id":"\#(configID)","messages":[{"role":"user","content":"chat with it"}]}"#)
            #expect(chat["data"]?[0]?["output"] == "chat with it")

            let unknown = try await api.post(
                "/v4/completion-model-config", #"{"model_config_id":"config_nope","inputs":{}}"#)
            #expect(unknown.status == .notFound)
            let missing = try await api.post("/v4/chat-model-config", #"{"messages":[]}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.json()["detail"]?[0]?["loc"] == ["body", "model_config_id"])

            let project = try await api.getJSON(
                "/v4/projects/\(try #require(registered["project_id"]?.stringValue))/configs")
            #expect(project[0]?["num_datapoints"] == 1)
        }
    }

    @Test func aChatOnlyConfigOnACompletionEndpointIs422() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let registered = try await api.postJSON(
                "/v4/model-configs",
                #"{"provider":"mock","model":"m","chat_template":[{"role":"system","content":"hi"}],"endpoint":"chat","project":"c"}"#
            )
            let configID = try #require(registered["config"]?["id"]?.stringValue)
            let response = try await api.post("/v4/completion-model-config", #"{"model_config_id":"\#(configID)"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(try response.json()["detail"]?[0]?["loc"] == ["body", "model_config", "prompt_template"])
        }
    }

    @Test func configsBelongToTheirOrganisation() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        let otherKey = try await server.withStore { store in
            try await store.migrate()
            return try await LoopgateCore.KeyManagement(store: store).createOrganization(named: "other").key
        }
        try await server.run { api in
            let registered = try await api.postJSON(
                "/v4/model-configs", "{\(Self.completionConfig),\"project\":\"mine\"}")
            let configID = try #require(registered["config"]?["id"]?.stringValue)
            #expect(try await api.get("/v4/model-configs/\(configID)", key: otherKey).status == .notFound)
            let used = try await api.post(
                "/v4/completion-model-config", #"{"model_config_id":"\#(configID)","inputs":{"word":"x"}}"#,
                key: otherKey)
            #expect(used.status == .notFound)
        }
    }
}

@Suite(".prompt files")
struct PromptFileTests {
    @Test func chatAndCompletionConfigsRoundTripThroughAPromptFile() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let chat =
                #"{"provider":"mock","model":"m","temperature":0.3,"stop":["\n"],"other":{"k":[1,2]},"chat_template":[{"role":"system","content":"Be {{tone}}.\nAlways."},{"role":"user","content":"{{q}}"}]}"#
            let serialized = try await api.post("/v4/model-configs/serialize", chat)
            #expect(serialized.status == .ok)
            let text = try #require(try serialized.json().stringValue)
            #expect(text.hasPrefix("---\n"))
            #expect(text.contains("<system>\nBe {{tone}}.\nAlways.\n</system>"))
            #expect(text.contains("temperature: 0.3"))
            let inline = try await api.postJSON(
                "/v4/chat", #"{"model_config":\#(chat),"messages":[],"inputs":{"tone":"kind","q":"hi"}}"#)
            let back = try await api.postJSON(
                "/v4/model-configs/deserialize", #"{"config":\#(JSONValue.string(text).serialized())}"#)
            #expect(back["id"] == inline["data"]?[0]?["model_config_id"])
            #expect(back["chat_template"]?[1]?["content"] == "{{q}}")

            let registered = try await api.postJSON(
                "/v4/model-configs",
                #"{"provider":"mock","model":"m","prompt_template":"Line one\n{{x}}","project":"pf"}"#)
            let configID = try #require(registered["config"]?["id"]?.stringValue)
            let exported = try #require(try await api.postJSON("/v4/model-configs/\(configID)/export", "").stringValue)
            #expect(exported.hasSuffix("---\nLine one\n{{x}}"))
            let reread = try await api.postJSON(
                "/v4/model-configs/deserialize", #"{"config":\#(JSONValue.string(exported).serialized())}"#)
            #expect(reread["id"]?.stringValue == configID)

            let broken = try await api.post("/v4/model-configs/deserialize", #"{"config":"no front matter"}"#)
            #expect(broken.status == .unprocessableContent)
            #expect(try await api.post("/v4/model-configs/config_unknown/export", "").status == .notFound)
        }
    }
}
