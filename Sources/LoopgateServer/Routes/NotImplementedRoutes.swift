import HTTPTypes
import Hummingbird

/// The operations of the v4 API that are not built yet (datasets, evaluators, evaluations, finetunes)
/// answer 501 with a JSON body, so a client learns that at once instead of meeting a bare 404.
struct NotImplementedRoutes {
    /// Every such operation of the 0.5 and 0.7 SDKs (reference §3.7–3.10).
    static let operations: [(HTTPRequest.Method, String)] = [
        (.get, "projects/:id/datasets"), (.post, "projects/:id/datasets"), (.get, "datasets"),
        (.get, "datasets/:id"), (.patch, "datasets/:id"), (.delete, "datasets/:id"),
        (.get, "datasets/:id/datapoints"), (.post, "datasets/:id/datapoints"),
        (.get, "datapoints/:id"), (.patch, "datapoints/:id"), (.delete, "datapoints"),
        (.get, "evaluators"), (.post, "evaluators"), (.get, "evaluators/:id"), (.patch, "evaluators/:id"),
        (.delete, "evaluators/:id"),
        (.get, "projects/:id/evaluations"), (.post, "projects/:id/evaluations"),
        (.get, "evaluations"), (.get, "evaluations/:id"), (.get, "evaluations/:id/datapoints"),
        (.post, "evaluations/:id/log"), (.post, "evaluations/:id/result"), (.patch, "evaluations/:id/status"),
        (.patch, "evaluations/:id/evaluators"),
        (.get, "projects/:id/finetunes"), (.post, "projects/:id/finetunes"),
        (.post, "projects/:id/finetunes/summary"), (.patch, "finetunes/:id"),
    ]

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        for (method, path) in Self.operations {
            let area = path.split(separator: "/").first { !$0.hasPrefix(":") && $0 != "projects" } ?? "this area"
            group.on(RouterPath(path), method: method) { _, _ -> Response in
                throw APIError.detail(
                    .notImplemented, type: "not_implemented_error", message: "Loopgate does not implement /\(area) yet")
            }
        }
    }
}
