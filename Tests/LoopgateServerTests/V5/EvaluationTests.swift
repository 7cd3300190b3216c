import HumanloopAPI
import Testing

/// v5 evaluations whose runs the client logs (CONTRACT-v5.md, "Evaluations"): a run is complete once
/// every datapoint has a run log and every run log a judgment (or error) from every evaluator.
@Suite("v5 Evaluations")
struct EvaluationTests {
    static func spec(_ returnType: String) -> String {
        #"{"arguments_type":"target_required","return_type":"\#(returnType)","evaluator_type":"external"}"#
    }

    /// A flow, a dataset of two datapoints, a boolean and a number evaluator, and an evaluation of them.
    static func setUp(_ api: APIClient) async throws -> (evaluation: JSONValue, flow: JSONValue, dataset: JSONValue) {
        let flow = try await api.postJSON("/v5/flows", #"{"path":"eval/flow","attributes":{"v":1}}"#)
        let dataset = try await api.postJSON(
            "/v5/datasets",
            #"{"path":"eval/data","datapoints":[{"inputs":{"q":"1"},"target":{"a":"1"}},{"inputs":{"q":"2"},"target":{"a":"2"}}]}"#
        )
        let exact = try await api.postJSON("/v5/evaluators", #"{"path":"eval/exact","spec":\#(spec("boolean"))}"#)
        _ = try await api.postJSON("/v5/evaluators", #"{"path":"eval/score","spec":\#(spec("number"))}"#)
        let evaluation = try await api.postJSON(
            "/v5/evaluations",
            #"{"file":{"id":"\#(flow["id"]?.stringValue ?? "")"},"name":"nightly","evaluators":[{"version_id":"\#(exact["version_id"]?.stringValue ?? "")"},{"path":"eval/score"}]}"#
        )
        return (evaluation, flow, dataset)
    }

    @Test func aRunCompletesWhenEveryDatapointIsLoggedAndJudged() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let (evaluation, flow, dataset) = try await Self.setUp(api)
            let evaluationID = try #require(evaluation["id"]?.stringValue)
            #expect(evaluation["runs_count"] == 0 && evaluation["file_id"] == flow["id"])
            let evaluators = try #require(evaluation["evaluators"]?.array)
            #expect(evaluators.compactMap { $0["version"]?["path"]?.stringValue } == ["eval/exact", "eval/score"])
            #expect(evaluators.allSatisfy { $0["orchestrated"] == false })
            #expect(try await api.getJSON("/v5/evaluations/\(evaluationID)/stats")["status"] == "pending")

            let run = try await api.postJSON(
                "/v5/evaluations/\(evaluationID)/runs",
                #"{"dataset":{"version_id":"\#(dataset["version_id"]?.stringValue ?? "")"},"version":{"version_id":"\#(flow["version_id"]?.stringValue ?? "")"},"orchestrated":false}"#
            )
            let runID = try #require(run["id"]?.stringValue)
            #expect(run["status"] == "pending" && run["dataset"]?["id"] == dataset["id"])
            #expect(run["version"]?["type"] == "flow" && run["version"]?["version_id"] == flow["version_id"])

            let datapoints = try #require(
                try await api.getJSON("/v5/datasets/\(dataset["id"]?.stringValue ?? "")/datapoints")["records"]?.array)
            var logIDs: [String] = []
            for (index, datapoint) in datapoints.enumerated() {
                let log = try await api.postJSON(
                    "/v5/flows/log?version_id=\(flow["version_id"]?.stringValue ?? "")",
                    #"{"id":"\#(flow["id"]?.stringValue ?? "")","run_id":"\#(runID)","source_datapoint_id":"\#(datapoint["id"]?.stringValue ?? "")","output":"\#(index == 0 ? "1" : "wrong")","log_status":"complete"}"#
                )
                logIDs.append(try #require(log["id"]?.stringValue))
            }
            func runStats() async throws -> JSONValue {
                try #require(try await api.getJSON("/v5/evaluations/\(evaluationID)/stats")["run_stats"]?[0])
            }
            #expect(try await runStats()["status"] == "running")
            #expect(try await runStats()["num_logs"] == 2)

            for (index, logID) in logIDs.enumerated() {
                _ = try await api.postJSON(
                    "/v5/evaluators/log", #"{"path":"eval/exact","parent_id":"\#(logID)","judgment":\#(index == 0)}"#)
            }
            #expect(try await runStats()["status"] == "running")
            _ = try await api.postJSON(
                "/v5/evaluators/log", #"{"path":"eval/score","parent_id":"\#(logIDs[0])","judgment":1.0}"#)
            _ = try await api.postJSON(
                "/v5/evaluators/log", #"{"path":"eval/score","parent_id":"\#(logIDs[1])","error":"it broke"}"#)
            let stats = try await api.getJSON("/v5/evaluations/\(evaluationID)/stats")
            #expect(stats["status"] == "completed")
            #expect(stats["progress"]?.stringValue != nil && stats["report"]?.stringValue != nil)
            let completed = try #require(stats["run_stats"]?[0])
            #expect(completed["status"] == "completed" && completed["run_id"]?.stringValue == runID)
            let boolean = try #require(completed["evaluator_stats"]?[0])
            #expect(boolean["evaluator_version_id"] == evaluators[0]["version"]?["version_id"])
            #expect(boolean["num_true"] == 1 && boolean["num_false"] == 1 && boolean["num_judgments"] == 2)
            #expect(boolean["mean"] == nil)
            let number = try #require(completed["evaluator_stats"]?[1])
            #expect(number["num_errors"] == 1 && number["num_judgments"] == 1 && number["num_nulls"] == 0)
            #expect(
                number["mean"]?.doubleValue == 1 && number["sum"]?.doubleValue == 1 && number["std"]?.doubleValue == 0)
            #expect(number["percentiles"] == [:])

            // A later judgment replaces the earlier one.
            _ = try await api.postJSON(
                "/v5/evaluators/log", #"{"path":"eval/exact","parent_id":"\#(logIDs[1])","judgment":true}"#)
            #expect(try await runStats()["evaluator_stats"]?[0]?["num_true"] == 2)

            // A second run is listed first; a status set by PATCH sticks.
            let second = try await api.postJSON(
                "/v5/evaluations/\(evaluationID)/runs", #"{"dataset":{"path":"eval/data"}}"#)
            let runs = try await api.getJSON("/v5/evaluations/\(evaluationID)/runs")
            #expect(runs["runs"]?[0]?["id"] == second["id"] && runs["runs"]?.array?.count == 2)
            #expect(try await api.getJSON("/v5/evaluations/\(evaluationID)/stats")["status"] == "running")
            let cancelled = try await api.patch(
                "/v5/evaluations/\(evaluationID)/runs/\(second["id"]?.stringValue ?? "")", #"{"status":"cancelled"}"#)
            #expect(try cancelled.json()["status"] == "cancelled")
            #expect(try await api.getJSON("/v5/evaluations/\(evaluationID)/stats")["status"] == "completed")
            #expect(try await api.getJSON("/v5/evaluations/\(evaluationID)")["runs_count"] == 2)
        }
    }

    @Test func logsJoinRunsByIDAndBadRequestsAreRefused() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let (evaluation, flow, _) = try await Self.setUp(api)
            let evaluationID = try #require(evaluation["id"]?.stringValue)
            let duplicate = try await api.post(
                "/v5/evaluations",
                #"{"file":{"path":"eval/flow"},"name":"nightly","evaluators":[{"path":"eval/exact"}]}"#)
            #expect(duplicate.status == .conflict)
            #expect(
                try await api.post("/v5/evaluations", #"{"file":{"path":"eval/none"},"evaluators":[]}"#).status
                    == .notFound)
            #expect(
                try await api.post(
                    "/v5/evaluations", #"{"file":{"path":"eval/flow"},"evaluators":[{"path":"eval/none"}]}"#
                ).status == .notFound)
            let orchestrated = try await api.post(
                "/v5/evaluations/\(evaluationID)/runs", #"{"dataset":{"path":"eval/data"},"orchestrated":true}"#)
            #expect(orchestrated.status == .notImplemented)
            #expect(try orchestrated.json()["detail"]?["type"] == "not_implemented_error")

            let run = try await api.postJSON(
                "/v5/evaluations/\(evaluationID)/runs", #"{"dataset":{"path":"eval/data"}}"#)
            let runID = try #require(run["id"]?.stringValue)
            // Unknown run ids are 404 wherever a log names one.
            #expect(
                try await api.post("/v5/flows/log", #"{"id":"\#(flow["id"]?.stringValue ?? "")","run_id":"run_nope"}"#)
                    .status == .notFound)
            let log = try await api.postJSON("/v5/flows/log", #"{"id":"\#(flow["id"]?.stringValue ?? "")"}"#)
            let logID = try #require(log["id"]?.stringValue)
            #expect(
                try await api.post("/v5/evaluations/\(evaluationID)/runs/\(runID)/logs", #"{"log_ids":["log_nope"]}"#)
                    .status == .notFound)
            let joined = try await api.postJSON(
                "/v5/evaluations/\(evaluationID)/runs/\(runID)/logs", #"{"log_ids":["\#(logID)"]}"#)
            #expect(joined["status"] == "running")
            let listed = try await api.getJSON("/v5/evaluations?file_id=\(flow["id"]?.stringValue ?? "")")
            #expect(listed["total"] == 1 && listed["records"]?[0]?["id"]?.stringValue == evaluationID)
            #expect(try await api.get("/v5/evaluations").status == .unprocessableContent)
            #expect(try await api.delete("/v5/evaluations/\(evaluationID)").status == .noContent)
            #expect(try await api.get("/v5/evaluations/\(evaluationID)").status == .notFound)
        }
    }
}
