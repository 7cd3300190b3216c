import HumanloopAPI
import Hummingbird
import LoopgateCore

/// v5 `/logs`: a file's logs (paged, 1-based), one log, and deletion, over the one log table.
struct FileLogRoutes {
    let prompts: PromptService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.get("logs") { request, context in
            let query = QueryParameters(request: request)
            let page = try query.integer("page", default: 1, range: 1...1_000_000)
            let size = try query.integer("size", default: 10, range: 1...1000)
            let includeChildren = query.string("include_trace_children") == "true"
            let (records, total) = try await prompts.logs(
                fileID: query.string("file_id"), versionID: query.string("version_id"), page: page, size: size,
                orgID: try context.orgID)
            return try JSONBody.response(
                V5Page(
                    records: records.map { PromptLogResponse(v5: $0, includeTraceChildren: includeChildren) },
                    page: page, size: size, total: total))
        }
        group.get("logs/:id") { _, context in
            let log = try await prompts.log(id: try context.parameters.require("id"), orgID: try context.orgID)
            return try JSONBody.response(PromptLogResponse(v5: log, includeTraceChildren: true))
        }
        group.delete("logs") { request, context in
            let ids = request.uri.queryParameters.getAll("id").filter { !$0.isEmpty }
            try await prompts.deleteLogs(ids: ids, orgID: try context.orgID)
            return Response(status: .noContent)
        }
    }
}
