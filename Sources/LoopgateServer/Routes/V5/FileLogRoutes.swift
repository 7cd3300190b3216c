import HumanloopAPI
import Hummingbird
import LoopgateCore

/// v5 `/logs`: a file's logs (paged, 1-based), one log, and deletion, over the one log table.
struct FileLogRoutes {
    let logs: FileLogService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.get("logs") { request, context in
            let query = QueryParameters(request: request)
            let page = try query.integer("page", default: 1, range: 1...1_000_000)
            let size = try query.integer("size", default: 10, range: 1...1000)
            let (records, total) = try await logs.logs(
                fileID: query.string("file_id"), versionID: query.string("version_id"), page: page, size: size,
                includeTraceChildren: query.string("include_trace_children") == "true", orgID: try context.orgID)
            return try JSONBody.response(
                V5Page(records: records.map(V5LogResponse.init(v5:)), page: page, size: size, total: total))
        }
        group.get("logs/:id") { _, context in
            let log = try await logs.log(id: try context.parameters.require("id"), orgID: try context.orgID)
            return try JSONBody.response(V5LogResponse(v5: log))
        }
        group.delete("logs") { request, context in
            let ids = request.uri.queryParameters.getAll("id").filter { !$0.isEmpty }
            try await logs.delete(ids: ids, orgID: try context.orgID)
            return Response(status: .noContent)
        }
    }
}
