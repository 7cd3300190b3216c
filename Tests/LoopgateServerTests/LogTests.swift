import Foundation
import HumanloopAPI
import Testing

@Suite("Logs of generations")
struct LogTests {
    /// Issue 21: `inputs` and `metadata` came back in a `Dictionary`'s random order. They keep the caller's
    /// order in the answer, the log (`GET /v4/logs/{id}`, on SQLite and PostgreSQL) and the project's list.
    @Test func inputsAndMetadataKeepTheCallersOrderEverywhereTheyComeBack() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        let keys = ["zeta", "alpha", "mu", "beta", "omega", "delta", "kappa", "epsilon", "iota", "gamma"]
        let inputs =
            "{" + keys.map { #""\#($0)":"\#($0)-value""# }.joined(separator: ",") + #","nested":{"y":1,"x":2}}"#
        let metadata = #"{"trace":"t-1","a_user":{"z":true,"b":[{"k2":1,"k1":2}]},"b":null}"#
        try await server.run { api in
            let answer = try await api.post(
                "/v4/chat",
                Bodies.chat(
                    messages: #"[{"role":"user","content":"{{zeta}}"}]"#,
                    extra: #","project":"ordered","return_inputs":true,"inputs":\#(inputs),"metadata":\#(metadata)"#))
            #expect(answer.status == .ok)
            let body = try answer.json()
            #expect(body["data"]?[0]?["inputs"]?.serialized() == inputs)
            #expect(body["metadata"]?.serialized() == metadata)
            let logID = try #require(body["data"]?[0]?["id"]?.stringValue)
            let log = try await api.get("/v4/logs/\(logID)").json()
            #expect(log["inputs"]?.serialized() == inputs)
            #expect(log["metadata"]?.serialized() == metadata)
            let projectID = try #require(body["project_id"]?.stringValue)
            let listed = try await api.get("/v4/logs?project_id=\(projectID)").json()
            #expect(listed["records"]?[0]?["inputs"]?.serialized() == inputs)
        }
    }

    @Test func everyGenerationIsLoggedWithWhatItDid() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = try await api.post(
                "/v4/chat",
                Bodies.chat(
                    extra: #","project":"logged","metadata":{"k":"v"},"inputs":{"x":1}"#, config: #","temperature":0.2"#
                )
            ).json()
            let logID = try #require(body["data"]?[0]?["id"]?.stringValue)
            let log = try await api.get("/v4/logs/\(logID)").json()
            #expect(log["id"]?.stringValue == logID)
            #expect(log["project"] == "logged")
            #expect(log["project_id"] == body["project_id"])
            #expect(log["output"] == "Hello there")
            #expect(log["raw_output"] == "Hello there")
            #expect(log["finish_reason"] == "stop")
            #expect(log["inputs"] == ["x": 1])
            #expect(log["metadata"] == ["k": "v"])
            #expect(log["messages"]?[0]?["content"] == "Hello there")
            #expect(log["output_message"]?["role"] == "assistant")
            #expect(log["config"]?["id"] == body["data"]?[0]?["model_config_id"])
            #expect(log["config"]?["temperature"] == 0.2)
            #expect(log["config"]?["provider"] == "mock")
            #expect(log["config"]?["max_tokens"] == -1)
            #expect(log["prompt_tokens"] == 2)
            #expect(log["output_tokens"] == 2)
            #expect(log["provider_request"]?["model"] == "mock-1")
            #expect(log["save"] == true)
            #expect(log["error"] == .null)
            #expect(log["created_at"]?.stringValue?.hasSuffix("+00:00") == true)
        }
    }

    @Test func saveFalseKeepsTheSlimRowOnly() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = try await api.post(
                "/v4/completion", Bodies.completion(extra: #","project":"private","save":false,"metadata":{"k":"v"}"#)
            ).json()
            #expect(body["data"]?[0]?["output"] == "Say hello now")
            let logID = try #require(body["data"]?[0]?["id"]?.stringValue)
            let log = try await api.get("/v4/logs/\(logID)").json()
            #expect(log["save"] == false)
            #expect(log["output"] == .null)
            #expect(log["raw_output"] == .null)
            #expect(log["inputs"] == .null)
            #expect(log["metadata"] == .null)
            #expect(log["messages"] == .null)
            #expect(log["provider_request"] == .null)
            #expect(log["provider_response"] == .null)
            // Ids, config, usage and timing stay.
            #expect(log["config_id"] == body["data"]?[0]?["model_config_id"])
            #expect(log["project_id"] == body["project_id"])
            #expect(log["prompt_tokens"] == 3)
            #expect(log["output_tokens"] == 3)
            #expect(log["provider_latency"]?.isNull == false)
        }
    }

    @Test func listsAProjectsLogsNewestFirstInPages() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            var ids: [String] = []
            for index in 0..<5 {
                let body = try await api.post(
                    "/v4/completion",
                    Bodies.completion(inputs: #"{"word":"w\#(index)"}"#, extra: #","project":"paged""#)
                ).json()
                ids.append(try #require(body["data"]?[0]?["id"]?.stringValue))
            }
            _ = try await api.post("/v4/completion", Bodies.completion(extra: #","project":"elsewhere""#))
            let projectID = try #require(
                try await api.post(
                    "/v4/completion", Bodies.completion(inputs: #"{"word":"w5"}"#, extra: #","project":"paged""#)
                )
                .json()["project_id"]?.stringValue)
            let first = try await api.get("/v4/logs?project_id=\(projectID)&size=4").json()
            #expect(first["total"] == 6)
            #expect(first["page"] == 0)
            #expect(first["size"] == 4)
            let firstPage = try #require(first["records"]?.array)
            #expect(firstPage.count == 4)
            #expect(firstPage[0]["output"] == "Say w5 now")
            let second = try await api.get("/v4/logs?project_id=\(projectID)&size=4&page=1").json()
            let secondPage = try #require(second["records"]?.array)
            #expect(secondPage.count == 2)
            #expect(secondPage.last?["id"]?.stringValue == ids[0])
            let past = try await api.get("/v4/logs?project_id=\(projectID)&size=4&page=9").json()
            #expect(past["records"] == [])
            #expect(past["total"] == 6)
            let defaults = try await api.get("/v4/logs?project_id=\(projectID)").json()
            #expect(defaults["size"] == 50)
            #expect(try await api.get("/v4/logs?project_id=pr_unknown").status == .notFound)
            #expect(try await api.get("/v4/logs/data_unknown").status == .notFound)
        }
    }

    @Test func logsAreDurableAcrossARestart() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        let (logID, projectID) = try await server.run { api in
            let body = try await api.post("/v4/completion", Bodies.completion(extra: #","project":"durable""#)).json()
            return (try #require(body["data"]?[0]?["id"]?.stringValue), try #require(body["project_id"]?.stringValue))
        }
        try await server.run { api in
            let log = try await api.get("/v4/logs/\(logID)")
            #expect(log.status == .ok)
            #expect(try log.json()["output"] == "Say hello now")
            #expect(try await api.get("/v4/projects/\(projectID)").json()["data_count"] == 1)
        }
    }

    @Test func concurrentGenerationsAreAllLogged() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await api.post(
                            "/v4/completion",
                            Bodies.completion(inputs: #"{"word":"n\#(index)"}"#, extra: #","project":"busy""#)
                        ).json()["data"]?[0]?["id"]?.stringValue
                    }
                }
                return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
            }
            #expect(Set(ids).count == 40)
            let projects = try await api.get("/v4/projects?filter=busy").json()
            #expect(projects["records"]?[0]?["data_count"] == 40)
        }
    }
}

@Suite("GET /v4/logs filters")
struct LogFilterTests {
    @Test func searchMetadataAndDatesNarrowTheList() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let first = try await api.postJSON(
                "/v4/completion",
                Bodies.completion(inputs: #"{"word":"Apple"}"#, extra: #","project":"f","metadata":{"team":"red"}"#))
            _ = try await api.postJSON(
                "/v4/completion",
                Bodies.completion(inputs: #"{"word":"pear"}"#, extra: #","project":"f","metadata":{"team":"blue"}"#))
            let projectID = try #require(first["project_id"]?.stringValue)
            let apples = try await api.getJSON("/v4/logs?project_id=\(projectID)&search=apple")
            #expect(apples["total"] == 1)
            #expect(apples["records"]?[0]?["output"] == "Say Apple now")
            let blue = try await api.getJSON("/v4/logs?project_id=\(projectID)&metadata_search=BLUE")
            #expect(blue["records"]?[0]?["output"] == "Say pear now")
            #expect(try await api.getJSON("/v4/logs?project_id=\(projectID)&search=%25")["total"] == 0)
            let logID = try #require(first["data"]?[0]?["id"]?.stringValue)
            let created = try #require(try await api.getJSON("/v4/logs/\(logID)")["created_at"]?.stringValue)
            let day = String(created.prefix(10))
            #expect(
                try await api.getJSON("/v4/logs?project_id=\(projectID)&start_date=\(day)&end_date=\(day)")["total"]
                    == 2)
            #expect(try await api.getJSON("/v4/logs?project_id=\(projectID)&end_date=2000-01-01")["total"] == 0)
            #expect(
                try await api.getJSON("/v4/logs?project_id=\(projectID)&start_date=2999-01-01T00:00:00Z")["total"] == 0)
            #expect(
                try await api.get("/v4/logs?project_id=\(projectID)&start_date=yesterday").status
                    == .unprocessableContent)
        }
    }
}
