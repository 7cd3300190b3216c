import HumanloopAPI
import Hummingbird
import LoopgateCore

/// `POST /feedback`: one item or a list; the answer mirrors the form.
struct FeedbackRoutes {
    let feedback: FeedbackService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.post("feedback") { request, context in
            let body = try await JSONBody.decode(OneOrMany<FeedbackRequest>.self, from: request, context: context)
            let responses = try await feedback.submit(body, orgID: try context.orgID)
            if case .one = body { return try JSONBody.response(responses[0]) }
            return try JSONBody.response(responses)
        }
    }
}
