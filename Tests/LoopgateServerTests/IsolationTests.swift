import Foundation
import HTTPTypes
import HumanloopAPI
import LoopgateCore
import Testing

@testable import LoopgateServer
@testable import Storage

/// One organisation never reaches another's data, over every route the OpenAPI documents list (v4, v5 and
/// `/v1`): with the first organisation's ids in the path and the second's key, no route answers 2xx or
/// says anything of the first's data, and afterwards the first's data is as it was (issue 28, item 4).
@Suite("Organisation isolation over every route")
struct IsolationTests {
    /// Every documented operation with a path parameter: (method, path with `{name}` parameters).
    static func operations() throws -> [(HTTPRequest.Method, String)] {
        try [SystemRoutes.openAPIDocument, SystemRoutes.openAPIDocumentV5, SystemRoutes.openAPIDocumentV1]
            .flatMap { buffer -> [(HTTPRequest.Method, String)] in
                let document = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
                let paths = document["paths"]?.objectValue ?? JSONObject()
                return paths.keys.filter { $0.contains("{") }.flatMap { path in
                    (paths[path]?.objectValue?.keys ?? []).compactMap { method -> (HTTPRequest.Method, String)? in
                        HTTPRequest.Method(method.uppercased()).map { ($0, path) }
                    }
                }
            }.sorted { "\($0.1) \($0.0)" < "\($1.1) \($1.0)" }
    }

    @Test func noRouteReachesAnotherOrganisationsData() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        let otherKey = try await server.withStore { store in
            try await store.migrate()
            return try await KeyManagement(store: store).createOrganization(named: "intruder").key
        }
        try await server.run { api in
            let ids = try await Self.makeData(api)
            let before = try await Self.snapshot(api, ids)
            var answered: [String: Int] = [:]
            for (method, path) in try Self.operations() {
                let concrete = Self.substitute(path, ids)
                let body: String? = [.post, .patch, .put].contains(method) ? "{}" : nil
                let response = try await api.request(method, concrete, body: body, key: otherKey)
                let label = "\(method.rawValue) \(concrete)"
                answered["\(response.status.code)", default: 0] += 1
                #expect(!(200..<300).contains(Int(response.status.code)), "\(label) answered \(response.status)")
                #expect(
                    [404, 422, 501].contains(Int(response.status.code)), "\(label) answered \(response.status)")
                for secret in ids.secrets {
                    #expect(!response.text.contains(secret), "\(label) showed '\(secret)'")
                }
            }
            #expect(answered["404", default: 0] > 60, "\(answered)")
            #expect(try await Self.snapshot(api, ids) == before)
        }
    }

    /// The first organisation's ids, by what they name, and texts only its data holds.
    struct Ids {
        var byParameter: [String: String] = [:]
        var byCollection: [String: String] = [:]
        var secrets: [String] = []
    }

    static func makeData(_ api: APIClient) async throws -> Ids {
        var ids = Ids()
        let generated = try await api.postJSON(
            "/v4/chat",
            Bodies.chat(
                messages: #"[{"role":"user","content":"secret-message-1"}]"#, extra: #","project":"secret-project""#))
        let projectID = try #require(generated["project_id"]?.stringValue)
        let logID = try #require(generated["data"]?[0]?["id"]?.stringValue)
        let configID = try #require(generated["data"]?[0]?["model_config_id"]?.stringValue)
        let session = try await api.postJSON("/v4/sessions", "{}")
        let (experimentProjectID, experimentID, _, _) = try await ExperimentTests.setUp(api)
        let prompt = try await api.postJSON(
            "/v5/prompts", #"{"path":"secret-dir/secret-prompt","model":"mock-1","provider":"mock"}"#)
        let tool = try await api.postJSON(
            "/v5/tools", #"{"path":"secret-dir/secret-tool","function":{"name":"f","description":"d"}}"#)
        let flowLog = try await api.postJSON(
            "/v5/flows/log", #"{"path":"secret-dir/secret-flow","flow":{"attributes":{}},"log_status":"incomplete"}"#)
        let evaluator = try await api.postJSON(
            "/v5/evaluators",
            #"{"path":"secret-dir/secret-judge","spec":{"arguments_type":"target_free","return_type":"boolean","evaluator_type":"external"}}"#
        )
        let dataset = try await api.postJSON(
            "/v5/datasets", #"{"path":"secret-dir/secret-data","datapoints":[{"inputs":{"q":"1"}}]}"#)
        let evaluation = try await api.postJSON(
            "/v5/evaluations",
            #"{"file":{"id":"\#(prompt["id"]?.stringValue ?? "")"},"evaluators":[{"path":"secret-dir/secret-judge"}]}"#)
        let evaluationID = try #require(evaluation["id"]?.stringValue)
        let run = try await api.postJSON(
            "/v5/evaluations/\(evaluationID)/runs", #"{"dataset":{"path":"secret-dir/secret-data"}}"#)
        let environment = try #require(
            try await api.getJSON("/v5/prompts/\(prompt["id"]?.stringValue ?? "")/environments")[0]?["id"]?.stringValue)
        let directoryID = try #require(prompt["directory_id"]?.stringValue)
        ids.byCollection = [
            "projects": projectID, "model-configs": configID, "experiments": experimentID,
            "sessions": session["id"]?.stringValue ?? "", "logs": logID, "datasets": dataset["id"]?.stringValue ?? "",
            "datapoints": "dp_none", "evaluators": evaluator["id"]?.stringValue ?? "",
            "evaluations": evaluationID, "finetunes": "ft_none", "prompts": prompt["id"]?.stringValue ?? "",
            "tools": tool["id"]?.stringValue ?? "", "flows": flowLog["flow_id"]?.stringValue ?? "",
            "directories": directoryID, "agents": "ag_none",
        ]
        ids.byParameter = [
            "environment_id": environment, "log_id": flowLog["id"]?.stringValue ?? logID,
            "run_id": run["id"]?.stringValue ?? "", "version_id": prompt["version_id"]?.stringValue ?? "",
            "evaluator_version_id": evaluator["version_id"]?.stringValue ?? "", "path": "anything",
            "experiment_project": experimentProjectID,
        ]
        ids.secrets = ["secret-project", "secret-message-1", "secret-dir", "secret-prompt", "secret-tool"]
        return ids
    }

    /// A documented path with the first organisation's ids in it: `{id}` by the collection before it, the
    /// rest by name.
    static func substitute(_ path: String, _ ids: Ids) -> String {
        var segments = path.split(separator: "/").map(String.init)
        for index in segments.indices where segments[index].hasPrefix("{") {
            let name = String(segments[index].dropFirst().dropLast())
            if name == "id", index > 0 {
                segments[index] = ids.byCollection[segments[index - 1]] ?? "none"
            } else {
                segments[index] = ids.byParameter[name] ?? "none"
            }
        }
        return "/" + segments.joined(separator: "/")
    }

    /// What the first organisation can read of its data, to compare before and after.
    static func snapshot(_ api: APIClient, _ ids: Ids) async throws -> [String] {
        var reads: [String] = []
        for path in [
            "/v4/projects", "/v4/projects/\(ids.byCollection["projects"] ?? "")",
            "/v4/logs?project_id=\(ids.byCollection["projects"] ?? "")", "/v5/files?size=100", "/v5/directories",
            "/v5/evaluations/\(ids.byCollection["evaluations"] ?? "")/runs",
            "/v5/logs/\(ids.byParameter["log_id"] ?? "")",
            "/v4/projects/\(ids.byParameter["experiment_project"] ?? "")/experiments",
        ] {
            let response = try await api.get(path)
            #expect(response.status == .ok, "\(path)")
            reads.append(Self.withoutTimes(response.text))
        }
        return reads
    }

    /// A read without the fields that move on their own (last-used times).
    static func withoutTimes(_ text: String) -> String {
        text.replacingOccurrences(
            of: #""(last_used|last_used_at|updated_at)":"[^"]*""#, with: "", options: .regularExpression)
    }
}
