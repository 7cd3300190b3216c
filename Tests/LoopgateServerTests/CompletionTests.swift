import Foundation
import HumanloopAPI
import Testing

@Suite("POST /v4/completion")
struct CompletionTests {
    @Test func mockEchoesTheRenderedPromptWithWordCounts() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.post(
                "/v4/completion",
                Bodies.completion(prompt: "  Say {{ word }} to {{name}}  ", inputs: #"{"word":"hello","name":"Ada"}"#))
            #expect(response.status == .ok)
            let body = try response.json()
            let sample = try #require(body["data"]?[0])
            #expect(sample["output"] == "Say hello to Ada")
            #expect(sample["raw_output"] == "  Say hello to Ada  ")
            #expect(sample["finish_reason"] == "stop")
            #expect(sample["index"] == 0)
            #expect(sample["inputs"] == ["word": "hello", "name": "Ada"])
            #expect(sample["id"]?.stringValue?.hasPrefix("data_") == true)
            #expect(sample["model_config_id"]?.stringValue?.hasPrefix("config_") == true)
            #expect(body["usage"] == ["prompt_tokens": 4, "generation_tokens": 4, "total_tokens": 8])
            #expect(body["project_id"] == .null)
            #expect(body["num_samples"] == 1)
            // Typed decoding of the whole answer.
            let typed = try response.decode(CompletionResponse.self)
            #expect(typed.data.count == 1)
        }
    }

    @Test func maxTokensCutsTheOutputWithFinishReasonLength() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = try await api.post(
                "/v4/completion",
                Bodies.completion(prompt: "one  two\nthree four five", inputs: "{}", config: #","max_tokens":3"#)
            ).json()
            #expect(body["data"]?[0]?["output"] == "one two three")
            #expect(body["data"]?[0]?["finish_reason"] == "length")
            #expect(body["usage"]?["generation_tokens"] == 3)

            let notCut = try await api.post(
                "/v4/completion", Bodies.completion(prompt: "one two", inputs: "{}", config: #","max_tokens":5"#)
            ).json()
            #expect(notCut["data"]?[0]?["finish_reason"] == "stop")
            #expect(notCut["data"]?[0]?["output"] == "one two")
        }
    }

    @Test func numSamplesGivesIndexedSamplesWithTheirOwnLogs() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = try await api.post(
                "/v4/completion", Bodies.completion(extra: #","num_samples":3,"project":"samples""#)
            ).json()
            let data = try #require(body["data"]?.array)
            #expect(data.map { $0["index"] } == [0, 1, 2])
            let ids = Set(data.compactMap { $0["id"]?.stringValue })
            #expect(ids.count == 3)
            #expect(body["num_samples"] == 3)
            #expect(body["usage"]?["generation_tokens"] == 9)
            for id in ids {
                #expect(try await api.get("/v4/logs/\(id)").status == .ok)
            }
        }
    }

    @Test func configIDsAreContentAddressed() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            func configID(_ config: String) async throws -> String? {
                try await api.post("/v4/completion", Bodies.completion(config: config)).json()["data"]?[0]?[
                    "model_config_id"]?.stringValue
            }
            let first = try await configID(#","temperature":0.5"#)
            let again = try await configID(#","temperature":0.5"#)
            let changed = try await configID(#","temperature":0.7"#)
            let named = try await configID(#","temperature":0.5,"name":"v2""#)
            #expect(first != nil)
            #expect(first == again)
            #expect(first != changed)
            #expect(first != named)
            // Defaults filled in: temperature 1 given or left out is the same config.
            #expect(try await configID(#","temperature":1"#) == (try await configID("")))
        }
    }

    @Test func projectByNameIsCreatedOnFirstUseAndReused() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let first = try await api.post("/v4/completion", Bodies.completion(extra: #","project":"alpha""#)).json()
            let second = try await api.post("/v4/completion", Bodies.completion(extra: #","project":"alpha""#)).json()
            let projectID = try #require(first["project_id"]?.stringValue)
            #expect(projectID.hasPrefix("pr_"))
            #expect(second["project_id"]?.stringValue == projectID)
            let project = try await api.get("/v4/projects/\(projectID)").json()
            #expect(project["name"] == "alpha")
            #expect(project["data_count"] == 2)
        }
    }

    @Test func projectIDWinsOverNameAndUnknownIDIs404() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let created = try await api.post("/v4/completion", Bodies.completion(extra: #","project":"beta""#)).json()
            let projectID = try #require(created["project_id"]?.stringValue)
            let both = try await api.post(
                "/v4/completion", Bodies.completion(extra: #","project":"gamma","project_id":"\#(projectID)""#)
            ).json()
            #expect(both["project_id"]?.stringValue == projectID)
            #expect(try await api.get("/v4/projects").json()["total"] == 1)

            let unknown = try await api.post(
                "/v4/completion", Bodies.completion(extra: #","project_id":"pr_doesNotExist""#))
            #expect(unknown.status == .notFound)
            #expect(try unknown.json()["detail"]?["type"] == "not_found_error")
        }
    }

    @Test func echoesMetadataUserAndHonoursReturnInputs() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = try await api.post(
                "/v4/completion",
                Bodies.completion(
                    extra:
                        #","metadata":{"run":7,"tags":["a"]},"user":"ada@example.com","return_inputs":false,"logprobs":2,"suffix":"!""#
                )
            ).json()
            #expect(body["metadata"] == ["run": 7, "tags": ["a"]])
            #expect(body["user"] == "ada@example.com")
            #expect(body["logprobs"] == 2)
            #expect(body["suffix"] == "!")
            #expect(body["data"]?[0]?["inputs"] == [:])
            let logID = try #require(body["data"]?[0]?["id"]?.stringValue)
            // return_inputs only trims the answer; the log keeps the inputs.
            let log = try await api.get("/v4/logs/\(logID)").json()
            #expect(log["inputs"] == ["word": "hello"])
            #expect(log["metadata"] == ["run": 7, "tags": ["a"]])
            #expect(log["user"] == "ada@example.com")
        }
    }

    @Test func providerKeysFromTheRequestAreNeverEchoedOrStored() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        let secret = "sk-secretThatMustNeverBeStored-\(UUID().uuidString)"
        try await server.run { api in
            let response = try await api.post(
                "/v4/completion",
                Bodies.completion(
                    extra: #","project":"keys","provider_api_keys":{"mock":"\#(secret)","openai":"\#(secret)"}"#))
            #expect(response.status == .ok)
            #expect(!response.text.contains(secret))
            let logID = try #require(try response.json()["data"]?[0]?["id"]?.stringValue)
            #expect(!(try await api.get("/v4/logs/\(logID)").text.contains(secret)))
        }
        #expect(try await server.databaseContains(secret) == false)
        // The check itself finds what is there.
        #expect(try await server.databaseContains("sk-secretThatMustNeverBeStored") == false)
        #expect(try await server.databaseContains("Say hello now"))
    }

    @Test func completionWithoutProjectStillGeneratesAndLogs() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = try await api.post("/v4/completion", Bodies.completion()).json()
            #expect(body["project_id"] == .null)
            let logID = try #require(body["data"]?[0]?["id"]?.stringValue)
            let log = try await api.get("/v4/logs/\(logID)").json()
            #expect(log["project_id"] == .null)
            #expect(log["output"] == "Say hello now")
        }
    }

    @Test func sourceAndSourceDatapointAreStored() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = try await api.post(
                "/v4/completion", Bodies.completion(extra: #","source":"sdk","source_datapoint_id":"evtc_123""#)
            ).json()
            let logID = try #require(body["data"]?[0]?["id"]?.stringValue)
            let log = try await api.get("/v4/logs/\(logID)").json()
            #expect(log["source"] == "sdk")
            #expect(log["source_datapoint_id"] == "evtc_123")
        }
    }
}
