import HumanloopAPI
import Hummingbird
import LoopgateCore

/// Projects, their configs, deployments, feedback types and export.
struct ProjectRoutes {
    let projects: ProjectService
    let configs: ConfigService
    let deployments: DeploymentService
    let logs: LogService

    enum SortOrder: String, CaseIterable {
        case asc, desc
    }

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.get("projects") { request, context in
            let query = QueryParameters(request: request)
            let page = try await projects.list(
                orgID: try context.orgID,
                page: try query.integer("page", default: 0, range: 0...1_000_000),
                size: try query.integer("size", default: 10, range: 1...1000),
                filter: query.string("filter"),
                sortBy: try query.enumeration("sort_by", default: ProjectOrdering.createdAt),
                ascending: try query.enumeration("order", default: SortOrder.desc) == .asc)
            return try JSONBody.response(page)
        }
        group.post("projects") { request, context in
            let body = try await JSONBody.decode(CreateProjectRequest.self, from: request, context: context)
            return try JSONBody.response(try await projects.create(body, orgID: try context.orgID), status: .created)
        }
        group.get("projects/:id") { _, context in
            try JSONBody.response(
                try await projects.project(id: try context.parameters.require("id"), orgID: try context.orgID))
        }
        group.patch("projects/:id") { request, context in
            let body = try await JSONBody.decode(UpdateProjectRequest.self, from: request, context: context)
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await projects.update(id: id, body, orgID: try context.orgID))
        }
        group.delete("projects/:id") { _, context in
            try await projects.delete(id: try context.parameters.require("id"), orgID: try context.orgID)
            return Response(status: .noContent)
        }
        group.get("projects/:id/configs") { _, context in
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await configs.projectConfigs(projectID: id, orgID: try context.orgID))
        }
        group.get("projects/:id/active-config") { request, context in
            let id = try context.parameters.require("id")
            let environment = QueryParameters(request: request).string("environment")
            return try JSONBody.response(
                try await deployments.activeConfig(projectID: id, environment: environment, orgID: try context.orgID))
        }
        group.delete("projects/:id/active-config") { request, context in
            try await deactivate(request: request, context: context, with: deployments.deactivateConfig)
        }
        group.delete("projects/:id/active-experiment") { request, context in
            try await deactivate(request: request, context: context, with: deployments.deactivateExperiment)
        }
        group.post("projects/:id/feedback-types") { request, context in
            let body = try await JSONBody.decode(FeedbackTypeRequest.self, from: request, context: context)
            let id = try context.parameters.require("id")
            return try JSONBody.response(
                try await projects.createFeedbackType(body, projectID: id, orgID: try context.orgID), status: .created)
        }
        group.patch("projects/:id/feedback-types") { request, context in
            let body = try await JSONBody.decode([FeedbackTypeRequest].self, from: request, context: context)
            let id = try context.parameters.require("id")
            return try JSONBody.response(
                try await projects.updateFeedbackTypes(body, projectID: id, orgID: try context.orgID))
        }
        group.post("projects/:id/export") { request, context in
            let query = QueryParameters(request: request)
            let page = try await logs.list(
                projectID: try context.parameters.require("id"), orgID: try context.orgID,
                page: try query.integer("page", default: 0, range: 0...1_000_000),
                size: try query.integer("size", default: 10, range: 1...1000))
            return try JSONBody.response(page)
        }
        group.get("projects/:id/deployed-configs") { _, context in
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await deployments.deployedConfigs(projectID: id, orgID: try context.orgID))
        }
        group.patch("projects/:id/deploy-config") { request, context in
            let body = try await JSONBody.decode(EnvironmentProjectConfigRequest.self, from: request, context: context)
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await deployments.deploy(body, projectID: id, orgID: try context.orgID))
        }
        group.delete("projects/:id/deployed-config/:environment_id") { _, context in
            try await deployments.removeDeployment(
                projectID: try context.parameters.require("id"),
                environmentID: try context.parameters.require("environment_id"), orgID: try context.orgID)
            return try JSONBody.response(JSONValue.object([:]))
        }
    }

    /// Removes a kind of deployment from the environment in the query; answers with the project.
    func deactivate(
        request: Request, context: LoopgateRequestContext,
        with remove: (_ projectID: String, _ environment: String?, _ orgID: String) async throws -> Void
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        let orgID = try context.orgID
        try await remove(id, QueryParameters(request: request).string("environment"), orgID)
        return try JSONBody.response(try await projects.project(id: id, orgID: orgID))
    }
}
