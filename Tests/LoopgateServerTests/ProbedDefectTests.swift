import Foundation
import HTTPTypes
import HumanloopAPI
import NIOCore
import Providers
import Testing

@testable import LoopgateServer

/// Defects found by probing the server (issue 28, item 8), each pinned by a test.
@Suite("Defects found by probing")
struct ProbedDefectTests {
    @Test func aTemplateCannotRenderPastTheLimit() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            // 100,000 placeholders of a 1 KB value: a 500 KB request that would render 100 MB.
            let template = String(repeating: "{{x}}", count: 100_000)
            let value = String(repeating: "a", count: 1024)
            let started = ContinuousClock.now
            let response = try await api.post(
                "/v4/completion",
                Bodies.completion(prompt: template, inputs: #"{"x":"\#(value)"}"#))
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(response.status == .unprocessableContent)
            let issue = try #require(try response.json()["detail"]?[0])
            #expect(issue["loc"] == ["body", "inputs"])
            #expect(issue["msg"]?.stringValue?.contains("LOOPGATE_MAX_RENDERED_BYTES") == true)
            // The same for a chat template, and nothing was logged.
            let chat = try await api.post(
                "/v4/chat",
                Bodies.chat(
                    extra: #","inputs":{"x":"\#(value)"}"#,
                    config: #","chat_template":[{"role":"system","content":"\#(template)"}]"#))
            #expect(chat.status == .unprocessableContent)
            // Under the limit it renders.
            #expect(
                try await api.post(
                    "/v4/completion", Bodies.completion(prompt: "{{x}}{{x}}", inputs: #"{"x":"\#(value)"}"#)
                ).status == .ok)
        }
    }

    @Test func anUnreachableProvidersErrorNamesTheProviderNotItsAddress() async throws {
        let configuration = ProviderConfiguration(
            openAIBaseURL: "http://127.0.0.1:9/v1", timeout: .seconds(5),
            retry: RetryPolicy(maxRetries: 0, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20)))
        let httpClient = ProviderRegistry.makeHTTPClient(configuration: configuration)
        defer { httpClient.shutdown() }
        var server = try TestServer()
        server.providers = .live(configuration: configuration, httpClient: httpClient, logger: TestServer.logger)
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.post(
                "/v4/chat",
                #"{"model_config":{"provider":"openai","model":"gpt-4o"},"messages":[{"role":"user","content":"x"}],"provider_api_keys":{"openai":"sk-x"}}"#
            )
            #expect(response.status == .badGateway)
            #expect(response.text.contains("OpenAI"))
            #expect(!response.text.contains("127.0.0.1") && !response.text.contains(":9"), "\(response.text)")
        }
    }

    @Test func metricsNeedTheTokenWhenOneIsSetAndAreLoopbackOnlyOtherwise() async throws {
        var server = try TestServer()
        server.metricsToken = "metrics-token-0123456789"
        defer { server.removeFiles() }
        try await server.run { api in
            #expect(try await api.get("/metrics", key: nil).status == .unauthorized)
            #expect(
                try await api.get("/metrics", key: nil, headers: ["Authorization": "Bearer wrong"]).status
                    == .unauthorized)
            let scraped = try await api.get(
                "/metrics", key: nil, headers: ["Authorization": "Bearer metrics-token-0123456789"])
            #expect(scraped.status == .ok && scraped.text.contains("loopgate_"))
        }
        #expect(MetricsAccess.isLoopback(try SocketAddress(ipAddress: "127.0.0.1", port: 1)))
        #expect(MetricsAccess.isLoopback(try SocketAddress(ipAddress: "::1", port: 1)))
        #expect(!MetricsAccess.isLoopback(try SocketAddress(ipAddress: "10.0.0.7", port: 1)))
        #expect(!MetricsAccess.isLoopback(try SocketAddress(ipAddress: "2001:db8::1", port: 1)))
    }

    @Test func aSearchWithNULIsRefusedNotEverything() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let logged = try await api.postJSON("/v4/completion", Bodies.completion(extra: #","project":"p""#))
            let projectID = try #require(logged["project_id"]?.stringValue)
            let response = try await api.get("/v4/logs?project_id=\(projectID)&search=%00")
            #expect(response.status == .unprocessableContent)
            #expect(try response.json()["detail"]?[0]?["loc"] == ["query", "search"])
            #expect(try await api.getJSON("/v4/logs?project_id=\(projectID)&search=zzz")["records"] == [])
        }
    }

    @Test func feedbackTypesKeepToTheirSchema() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let project = try await api.postJSON("/v4/projects", #"{"name":"typed"}"#)
            let id = try #require(project["id"]?.stringValue)
            let badClass = try await api.post("/v4/projects/\(id)/feedback-types", #"{"type":"mood","class":"vibes"}"#)
            #expect(badClass.status == .unprocessableContent)
            #expect(try badClass.json()["detail"]?[0]?["loc"] == ["body", "class"])
            let badSentiment = try await api.post(
                "/v4/projects/\(id)/feedback-types",
                #"{"type":"mood","class":"select","values":[{"value":"up","sentiment":"ecstatic"}]}"#)
            #expect(try badSentiment.json()["detail"]?[0]?["loc"] == ["body", "values", 0, "sentiment"])
            let created = try await api.postJSON(
                "/v4/projects/\(id)/feedback-types", #"{"type":"mood","class":"select","values":[{"value":"up"}]}"#)
            #expect(created["values"] == [["value": "up", "sentiment": "neutral"]])
            let types = try #require(try await api.getJSON("/v4/projects/\(id)")["feedback_types"]?.array)
            #expect(types.allSatisfy { type in type["values"]?.array?.allSatisfy { $0["sentiment"] != nil } ?? true })
            let refused = try await api.post(
                "/v4/projects", #"{"name":"typed-2","feedback_types":[{"type":"x","class":"nope"}]}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(try await api.get("/v4/projects?filter=typed-2").json()["records"] == [])
        }
    }

    @Test func anExperimentWithoutConfigsAndABadSerializeAreListShaped422s() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let (_, experimentID, alphaID, betaID) = try await ExperimentTests.setUp(api)
            _ = try await api.patch(
                "/v4/experiments/\(experimentID)",
                #"{"config_ids_to_deregister":["\#(alphaID)","\#(betaID)"]}"#)
            let empty = try await api.get("/v4/experiments/\(experimentID)/model-config")
            #expect(empty.status == .unprocessableContent)
            #expect(try empty.json()["detail"]?.array?.first?["loc"] == ["path", "id"])

            let badProvider = try await api.post("/v4/model-configs/serialize", #"{"model":"m","provider":"nobody"}"#)
            #expect(badProvider.status == .unprocessableContent)
            #expect(try badProvider.json()["detail"]?[0]?["loc"] == ["body", "provider"])
            #expect(try await api.post("/v4/model-configs/serialize", #"{"model":""}"#).status == .unprocessableContent)
            #expect(
                try await api.post("/v4/model-configs/serialize", #"{"model":"m","provider":"mock"}"#).status == .ok)
        }
    }

    @Test func badBytesAndBadNumbersSayWhatIsWrong() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            var body = ByteBuffer(
                string: #"{"model_config":{"provider":"mock","model":"m"},"messages":[{"role":"user","content":"ab"#)
            body.writeBytes([0xFF, 0xFE])
            body.writeString(#"cd"}]}"#)
            let notUTF8 = try await api.client.execute(
                uri: "/v4/chat", method: .post,
                headers: [.contentType: "application/json", HTTPField.Name("X-API-KEY")!: TestServer.apiKey], body: body
            )
            #expect(notUTF8.status == .unprocessableContent)
            let issue = try #require(try notUTF8.json()["detail"]?[0])
            #expect(issue["loc"] == ["body"] && issue["msg"]?.stringValue?.contains("not valid UTF-8") == true)
            for number in ["1e30", "2.5"] {
                let response = try await api.post(
                    "/v4/chat",
                    #"{"model_config":{"provider":"mock","model":"m","temperature":0.7,"max_tokens":\#(number)},"messages":[{"role":"user","content":"x"}]}"#
                )
                #expect(response.status == .unprocessableContent)
                #expect(
                    try response.json()["detail"]?[0]
                        == [
                            "loc": ["body", "model_config", "max_tokens"], "msg": "value is not a valid integer",
                            "type": "type_error.integer",
                        ], "\(number)")
            }
        }
    }
}
