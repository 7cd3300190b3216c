import HumanloopAPI
import Testing

/// v5 Tools, Flows and Evaluators: files with content-addressed versions beside Prompts (CONTRACT-v5.md,
/// "Ids", "Logging without generating", "Paths and directories").
@Suite("v5 Tools, Flows and Evaluators")
struct VersionedFileTests {
    static let function = #"{"name":"add","description":"adds","parameters":{"type":"object"}}"#
    static let spec = #"{"arguments_type":"target_free","return_type":"boolean","evaluator_type":"external"}"#

    @Test func theSameDefinitionIsTheSameVersionPerFile() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let first = try await api.postJSON("/v5/tools", #"{"path":"kit/calc","function":\#(Self.function)}"#)
            #expect(first["type"] == "tool" && first["name"] == "calc" && first["path"] == "kit/calc")
            #expect(first["function"]?["name"] == "add" && first["inputs"] == [] && first["total_logs_count"] == 0)
            let versionID = try #require(first["version_id"]?.stringValue)
            #expect(versionID.hasPrefix("tlv_"))
            let again = try await api.postJSON("/v5/tools", #"{"path":"kit/calc","function":\#(Self.function)}"#)
            #expect(again["version_id"]?.stringValue == versionID && again["id"] == first["id"])
            // The same definition in another file is another version (a digest of file and definition).
            let elsewhere = try await api.postJSON(
                "/v5/tools", #"{"path":"kit/calc2","function":\#(Self.function)}"#)
            #expect(elsewhere["version_id"]?.stringValue != versionID)
            let changed = try await api.postJSON(
                "/v5/tools",
                #"{"id":"\#(first["id"]?.stringValue ?? "")","function":\#(Self.function),"source_code":"def add(): pass","version_name":"v2"}"#
            )
            #expect(changed["version_id"]?.stringValue != versionID && changed["version_name"] == "v2")

            let id = try #require(first["id"]?.stringValue)
            let versions = try await api.getJSON("/v5/tools/\(id)/versions")
            #expect(
                versions["records"]?.array?.compactMap { $0["version_id"]?.stringValue }
                    == [changed["version_id"]?.stringValue, versionID].compactMap { $0 })
            // The default version is the newest until one is deployed to the default environment.
            #expect(try await api.getJSON("/v5/tools/\(id)")["version_id"] == changed["version_id"])
            let environments = try await api.getJSON("/v5/tools/\(id)/environments")
            let production = try #require(
                environments.array?.first { $0["name"] == "production" }?["id"]?.stringValue)
            #expect(environments.array?.allSatisfy { $0["file"] == .null } == true)
            let deployed = try await api.postJSON(
                "/v5/tools/\(id)/environments/\(production)?version_id=\(versionID)", "")
            #expect(deployed["environments"]?[0]?["name"] == "production")
            #expect(try await api.getJSON("/v5/tools/\(id)")["version_id"]?.stringValue == versionID)
            #expect(
                try await api.getJSON("/v5/tools/\(id)?environment=production")["version_id"]?.stringValue
                    == versionID)
            #expect(try await api.delete("/v5/tools/\(id)/environments/\(production)").status == .noContent)
            #expect(try await api.getJSON("/v5/tools/\(id)")["version_id"] == changed["version_id"])
            #expect(try await api.get("/v5/tools/\(id)?version_id=tlv_nope").status == .notFound)
            #expect(try await api.get("/v5/flows/\(id)").status == .notFound)

            let list = try await api.getJSON("/v5/tools?name=CALC2")
            #expect(list["total"] == 1 && list["records"]?[0]?["path"] == "kit/calc2")
            #expect(try await api.getJSON("/v5/tools?page=3")["records"] == [])

            let moved = try await api.patch("/v5/tools/\(id)", #"{"path":"other/adder"}"#)
            #expect(try moved.json()["path"] == "other/adder")
            #expect(try await api.delete("/v5/tools/\(id)").status == .noContent)
            #expect(try await api.get("/v5/tools/\(id)").status == .notFound)
        }
    }

    @Test func upsertsCheckTheirKernelsAndPathsAreOneNamespace() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let noAttributes = try await api.post("/v5/flows", #"{"path":"f"}"#)
            #expect(noAttributes.status == .unprocessableContent)
            #expect(try noAttributes.json()["detail"]?[0]?["loc"] == ["body", "attributes"])
            let badSpec = try await api.post("/v5/evaluators", #"{"path":"e","spec":{"arguments_type":"target_free"}}"#)
            #expect(badSpec.status == .unprocessableContent)
            #expect(
                try badSpec.json()["detail"]?.array?.compactMap { $0["loc"]?[2]?.stringValue }
                    == ["return_type", "evaluator_type"])
            _ = try await PromptTests.upsert(api, path: "shared/name")
            #expect(try await api.post("/v5/tools", #"{"path":"shared/name"}"#).status == .conflict)
            #expect(try await api.post("/v5/flows", #"{"path":"shared","attributes":{}}"#).status == .conflict)
            let flow = try await api.postJSON("/v5/flows", #"{"path":"shared/flow","attributes":{"a":1}}"#)
            #expect(flow["attributes"] == ["a": 1] && flow["type"] == "flow")
            #expect(try await api.post("/v5/tools", #"{"path":"shared/flow"}"#).status == .conflict)
            #expect(
                try await api.post("/v5/prompts", #"{"path":"shared/flow",\#(PromptTests.chatKernel)}"#).status
                    == .conflict)
            #expect(try await api.post("/v5/directories", #"{"path":"shared/flow"}"#).status == .conflict)

            // Every kind is a file: listed, found by path, and in its directory.
            let files = try await api.getJSON("/v5/files?path=shared")
            #expect(Set(files["records"]?.array?.compactMap { $0["type"]?.stringValue } ?? []) == ["prompt", "flow"])
            let found = try await api.postJSON("/v5/files/retrieve-by-path", #"{"path":"shared/flow"}"#)
            #expect(found["id"] == flow["id"] && found["type"] == "flow")
            let directoryID = try #require(flow["directory_id"]?.stringValue)
            let directory = try await api.getJSON("/v5/directories/\(directoryID)")
            #expect(directory["files"]?.array?.count == 2)
            #expect(try await api.delete("/v5/directories/\(directoryID)").status == .conflict)
            // Moving the directory moves the flow with it.
            #expect(try await api.patch("/v5/directories/\(directoryID)", #"{"path":"moved"}"#).status == .ok)
            let flowID = try #require(flow["id"]?.stringValue)
            #expect(try await api.getJSON("/v5/flows/\(flowID)")["path"] == "moved/flow")
        }
    }

    @Test func flowLogsHoldTracesOfPromptToolAndFlowLogs() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let root = try await api.postJSON(
                "/v5/flows/log",
                #"{"path":"agent","flow":{"attributes":{"k":1}},"inputs":{"q":"hi"},"log_status":"incomplete"}"#)
            #expect(root["log_status"] == "incomplete" && root["flow_id"]?.stringValue?.hasPrefix("fl_") == true)
            let rootID = try #require(root["id"]?.stringValue)
            let inner = try await api.postJSON(
                "/v5/flows/log", #"{"path":"agent/step","log_status":"incomplete","trace_parent_id":"\#(rootID)"}"#)
            let innerID = try #require(inner["id"]?.stringValue)
            let tool = try await api.postJSON(
                "/v5/tools/log",
                #"{"path":"calc","tool":{"function":\#(Self.function)},"inputs":{"a":1},"output":"2","trace_parent_id":"\#(innerID)"}"#
            )
            #expect(tool["tool_id"]?.stringValue?.hasPrefix("tl_") == true)
            let prompt = try await api.postJSON(
                "/v5/prompts/call",
                #"{"path":"agent/answer","prompt":{\#(PromptTests.chatKernel)},"inputs":{"name":"A"},"messages":[{"role":"user","content":"yo"}],"trace_parent_id":"\#(rootID)"}"#
            )
            let promptLogID = try #require(prompt["id"]?.stringValue)

            // Children are refused under a complete, unknown or non-Flow parent.
            let complete = try await api.postJSON("/v5/flows/log", #"{"path":"agent"}"#)
            #expect(complete["log_status"] == "complete")
            let underComplete = try await api.post(
                "/v5/tools/log", #"{"path":"calc","trace_parent_id":"\#(complete["id"]?.stringValue ?? "")"}"#)
            #expect(underComplete.status == .unprocessableContent)
            #expect(try underComplete.json()["detail"]?[0]?["loc"] == ["body", "trace_parent_id"])
            let underTool = try await api.post(
                "/v5/prompts/log", #"{"path":"agent/answer","trace_parent_id":"\#(tool["id"]?.stringValue ?? "")"}"#)
            #expect(underTool.status == .unprocessableContent)
            #expect(
                try await api.post("/v5/tools/log", #"{"path":"calc","trace_parent_id":"log_nope"}"#).status
                    == .notFound)

            #expect(
                try await api.patch("/v5/flows/logs/\(innerID)", #"{"log_status":"complete","output":"step done"}"#)
                    .status == .ok)
            let done = try await api.patch("/v5/flows/logs/\(rootID)", #"{"log_status":"complete","output":"ok"}"#)
            let doneLog = try done.json()
            #expect(doneLog["log_status"] == "complete" && doneLog["output"] == "ok")
            #expect(
                try await api.patch("/v5/flows/logs/\(rootID)", #"{"log_status":"incomplete"}"#).status
                    == .unprocessableContent)

            let read = try await api.getJSON("/v5/logs/\(rootID)")
            let children = try #require(read["trace_children"]?.array)
            #expect(children.compactMap { $0["id"]?.stringValue } == [innerID, promptLogID])
            #expect(children[0]["flow"]?["path"] == "agent/step")
            #expect(children[0]["trace_children"]?[0]?["tool"]?["path"] == "calc")
            #expect(children[0]["trace_children"]?[0]?["trace_id"]?.stringValue == rootID)
            #expect(children[0]["trace_children"]?[0]?["trace_flow_id"] == read["flow"]?["id"])
            #expect(
                children[1]["prompt"]?["path"] == "agent/answer"
                    && children[1]["trace_parent_id"]?.stringValue == rootID)
            // Listed by file: children only when asked for.
            let flowID = try #require(read["flow"]?["id"]?.stringValue)
            let listed = try await api.getJSON("/v5/logs?file_id=\(flowID)")
            #expect(listed["total"] == 2 && listed["records"]?[0]?["trace_children"] == nil)
            let withChildren = try await api.getJSON("/v5/logs?file_id=\(flowID)&include_trace_children=true")
            #expect(withChildren["records"]?[1]?["trace_children"]?.array?.count == 2)
            // Flow and Tool logs are v5's only; the Prompt log in the trace is a v4 log too.
            #expect(try await api.get("/v4/logs/\(rootID)").status == .notFound)
            #expect(try await api.get("/v4/logs/\(promptLogID)").status == .ok)
        }
    }

    @Test func aJudgmentOnAPromptLogIsV4FeedbackToo() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let prompt = try await api.postJSON(
                "/v5/prompts/log", #"{"path":"judged","prompt":{\#(PromptTests.chatKernel)},"output":"x"}"#)
            let logID = try #require(prompt["id"]?.stringValue)
            #expect(
                try await api.post("/v5/evaluators/log", #"{"path":"quality","judgment":true}"#).status
                    == .unprocessableContent)
            #expect(
                try await api.post("/v5/evaluators/log", #"{"path":"quality","parent_id":"\#(logID)"}"#).status
                    == .notFound)
            #expect(
                try await api.post(
                    "/v5/evaluators/log", #"{"path":"quality","parent_id":"log_nope","spec":\#(Self.spec)}"#
                )
                .status == .notFound)
            let judged = try await api.postJSON(
                "/v5/evaluators/log",
                #"{"path":"team/quality","spec":\#(Self.spec),"parent_id":"\#(logID)","judgment":true}"#)
            #expect(judged["parent_id"]?.stringValue == logID)
            #expect(judged["version_id"]?.stringValue?.hasPrefix("evv_") == true)
            _ = try await api.postJSON(
                "/v5/evaluators/log", #"{"path":"score","spec":\#(Self.spec),"parent_id":"\#(logID)","judgment":0.5}"#)

            let log = try await api.getJSON("/v5/logs/\(logID)")
            let judgments = try #require(log["evaluator_logs"]?.array)
            #expect(judgments.count == 2)
            #expect(judgments[0]["judgment"] == true && judgments[0]["evaluator"]?["path"] == "team/quality")
            #expect(judgments[0]["evaluator"]?["spec"]?["evaluator_type"] == "external")
            // v4: feedback typed by the evaluator's name, valued as text.
            let v4 = try await api.getJSON("/v4/logs/\(logID)")
            let feedback = try #require(v4["feedback"]?.array)
            #expect(
                Set(feedback.compactMap { "\($0["type"]?.stringValue ?? ""):\($0["value"]?.stringValue ?? "")" })
                    == ["quality:true", "score:0.5"])
        }
    }

    @Test func aVersionNamesItsFileAndOutOfScopeOperationsAnswer501() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let tool = try await api.postJSON("/v5/tools", #"{"path":"kit/calc","function":\#(Self.function)}"#)
            let versionID = try #require(tool["version_id"]?.stringValue)
            let logged = try await api.postJSON("/v5/tools/log?version_id=\(versionID)", #"{"output":"2"}"#)
            #expect(logged["tool_id"] == tool["id"] && logged["version_id"]?.stringValue == versionID)
            #expect(try await api.post("/v5/flows/log?version_id=\(versionID)", "{}").status == .notFound)

            let dataset = try await api.postJSON("/v5/datasets", #"{"path":"kit/data","datapoints":[]}"#)
            let environments = try await api.getJSON("/v5/datasets/\(dataset["id"]?.stringValue ?? "")/environments")
            let production = try #require(environments.array?.first?["id"]?.stringValue)
            for (method, path) in [
                ("POST", "/v5/datasets/\(dataset["id"]?.stringValue ?? "")/environments/\(production)?version_id=x"),
                ("POST", "/v5/datasets/\(dataset["id"]?.stringValue ?? "")/datapoints/csv"),
                ("POST", "/v5/tools/call"), ("POST", "/v5/tools/\(tool["id"]?.stringValue ?? "")/evaluators"),
                ("GET", "/v5/agents"), ("POST", "/v5/agents/call"), ("GET", "/v5/agents/ag_1/versions"),
            ] {
                let response = method == "GET" ? try await api.get(path) : try await api.post(path, "{}")
                #expect(response.status == .notImplemented, "\(method) \(path)")
                #expect(try response.json()["detail"]?["type"] == "not_implemented_error")
            }
        }
    }
}
