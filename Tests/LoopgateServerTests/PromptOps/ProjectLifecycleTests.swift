import HumanloopAPI
import Testing

@Suite("Projects, sessions and logs as resources")
struct ProjectLifecycleTests {
    @Test func createRenameDeleteAndFeedbackTypes() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let created = try await api.post(
                "/v4/projects",
                #"{"name":"made","feedback_types":[{"type":"tone","values":[{"value":"warm","sentiment":"positive"}],"class":"select"}]}"#
            )
            #expect(created.status == .created)
            let projectID = try #require(try created.json()["id"]?.stringValue)
            #expect(try created.json()["feedback_types"]?.array?.last?["type"] == "tone")
            #expect(try await api.post("/v4/projects", #"{"name":"made"}"#).status == .conflict)
            _ = try await api.post("/v4/projects", #"{"name":"other"}"#)
            #expect(try await api.patch("/v4/projects/\(projectID)", #"{"name":"other"}"#).status == .conflict)
            let renamed = try await api.patch("/v4/projects/\(projectID)", #"{"name":"renamed"}"#)
            #expect(try renamed.json()["name"] == "renamed")
            // The new name is used by the next generation; the old one makes a new project.
            let generated = try await api.postJSON("/v4/completion", Bodies.completion(extra: #","project":"renamed""#))
            #expect(generated["project_id"]?.stringValue == projectID)

            let type = try await api.post(
                "/v4/projects/\(projectID)/feedback-types", #"{"type":"speed","class":"number"}"#)
            #expect(type.status == .created)
            let types = try await api.patch(
                "/v4/projects/\(projectID)/feedback-types", #"[{"type":"tone","values":[{"value":"cold"}]}]"#)
            let tone = try types.json().array?.first { $0["type"] == "tone" }
            #expect(tone?["values"]?[0]?["value"] == "cold")

            #expect(try await api.delete("/v4/projects/\(projectID)").status == .noContent)
            #expect(try await api.get("/v4/projects/\(projectID)").status == .notFound)
            let logID = try #require(generated["data"]?[0]?["id"]?.stringValue)
            #expect(try await api.get("/v4/logs/\(logID)").status == .notFound)
        }
    }

    @Test func sessionsHoldTheirLogsAsATree() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let created = try await api.post("/v4/sessions", "")
            #expect(created.status == .created)
            let sessionID = try #require(try created.json()["id"]?.stringValue)
            let root = try await api.postJSON(
                "/v4/chat", Bodies.chat(extra: #","project":"tree","session_id":"\#(sessionID)","inputs":{"step":1}"#))
            let rootID = try #require(root["data"]?[0]?["id"]?.stringValue)
            let child = try await api.postJSON(
                "/v4/chat",
                Bodies.chat(
                    messages: #"[{"role":"user","content":"second step"}]"#,
                    extra: #","project":"tree","session_id":"\#(sessionID)","parent_id":"\#(rootID)""#))
            let childID = try #require(child["data"]?[0]?["id"]?.stringValue)

            let session = try await api.getJSON("/v4/sessions/\(sessionID)")
            #expect(session["datapoints_count"] == 2)
            #expect(session["projects"]?[0]?["name"] == "tree")
            #expect(session["first_inputs"] == ["step": 1])
            #expect(session["last_output"] == "second step")
            let roots = try #require(session["logs"]?.array)
            #expect(roots.count == 1)
            #expect(roots[0]["id"]?.stringValue == rootID)
            #expect(roots[0]["children"]?[0]?["id"]?.stringValue == childID)

            let projectID = try #require(root["project_id"]?.stringValue)
            _ = try await api.postJSON(
                "/v4/chat", Bodies.chat(extra: #","project":"tree","session_reference_id":"r2""#))
            let page = try await api.getJSON("/v4/sessions?project_id=\(projectID)&size=1")
            #expect(page["page"] == 1)
            #expect(page["total"] == 2)
            #expect(page["records"]?.array?.count == 1)
            #expect(try await api.get("/v4/sessions?project_id=\(projectID)&page=0").status == .unprocessableContent)
            #expect(try await api.get("/v4/sessions/sesh_unknown").status == .notFound)
        }
    }

    @Test func logsRecordedElsewhereAreReferencedUpdatedAndDeleted() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let logged = try await api.postJSON(
                "/v4/logs",
                #"{"project":"ext","reference_id":"step-1","session_reference_id":"run-9","config":{"model":"gpt-4","provider":"openai","prompt_template":"hi"},"inputs":{"q":1},"output":"answer","feedback":{"type":"rating","value":"good"}}"#
            )
            let logID = try #require(logged["id"]?.stringValue)
            let sessionID = try #require(logged["session_id"]?.stringValue)
            #expect(
                try await api.post("/v4/logs", #"{"project":"ext","reference_id":"step-1","config":{"model":"m"}}"#)
                    .status == .conflict)

            let child = try await api.postJSON(
                "/v4/chat",
                Bodies.chat(extra: #","project":"ext","parent_reference_id":"step-1","session_reference_id":"run-9""#))
            #expect(child["session_id"]?.stringValue == sessionID)
            let childID = try #require(child["data"]?[0]?["id"]?.stringValue)
            #expect(try await api.getJSON("/v4/logs/\(childID)")["parent_id"]?.stringValue == logID)

            let log = try await api.getJSON("/v4/logs/\(logID)")
            #expect(log["reference_id"] == "step-1")
            #expect(log["config"]?["model"] == "gpt-4")
            #expect(log["feedback"]?[0]?["value"] == "good")

            let patched = try await api.patch("/v4/logs/\(logID)", #"{"output":"better","duration":1.5}"#)
            #expect(try patched.json()["output"] == "better")
            #expect(try patched.json()["duration"] == 1.5)
            let byReference = try await api.patch("/v4/logs?reference_id=step-1", #"{"error":"late failure"}"#)
            #expect(try byReference.json()["error"] == "late failure")
            #expect(try await api.patch("/v4/logs?reference_id=none", "{}").status == .notFound)

            let list = try await api.postJSON(
                "/v4/logs",
                #"[{"project":"ext","config":{"model":"m"},"output":"a"},{"project":"ext","config":{"model":"m"},"output":"b"}]"#
            )
            #expect(list.array?.count == 2)
            let projectID = try #require(logged["project_id"]?.stringValue)
            let exported = try await api.postJSON("/v4/projects/\(projectID)/export?size=2", "")
            #expect(exported["total"] == 4)
            #expect(exported["records"]?.array?.count == 2)

            #expect(try await api.delete("/v4/logs?id=\(logID)&id=\(childID)").status == .noContent)
            #expect(try await api.get("/v4/logs/\(logID)").status == .notFound)
            #expect(try await api.getJSON("/v4/logs?project_id=\(projectID)")["total"] == 2)
        }
    }

    @Test func unimplementedAreasAnswer501() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.get("/v4/evaluators")
            #expect(response.status == .notImplemented)
            #expect(try response.json()["detail"]?["type"] == "not_implemented_error")
        }
    }
}
