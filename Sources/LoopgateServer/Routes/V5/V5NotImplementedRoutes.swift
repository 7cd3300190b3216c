import HTTPTypes
import Hummingbird

/// The v5 operations CONTRACT-v5.md puts out of scope for now answer 501 with a JSON body that says what
/// is missing, so a client learns that at once instead of meeting a 404 (an unknown route).
struct V5NotImplementedRoutes {
    static let operations: [(methods: [HTTPRequest.Method], path: String, what: String)] = [
        ([.get, .post, .put, .patch, .delete], "agents", "Agents"),
        ([.get, .post, .put, .patch, .delete], "agents/**", "Agents"),
        ([.post], "prompts/:id/evaluators", "Monitoring evaluators"),
        ([.post], "tools/:id/evaluators", "Monitoring evaluators"),
        ([.post], "flows/:id/evaluators", "Monitoring evaluators"),
        ([.post], "evaluators/:id/evaluators", "Monitoring evaluators"),
        ([.post, .delete], "datasets/:id/environments/:environment_id", "Dataset deployments"),
        ([.post], "datasets/:id/datapoints/csv", "Dataset CSV upload"),
        ([.post], "tools/call", "Calling a Tool (tools.call)"),
    ]

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        for (methods, path, what) in Self.operations {
            for method in methods {
                group.on(RouterPath(path), method: method) { _, _ -> Response in
                    throw APIError.detail(
                        .notImplemented, type: "not_implemented_error", message: "Loopgate does not serve \(what) yet")
                }
            }
        }
    }
}
