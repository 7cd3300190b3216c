import HumanloopAPI
import Providers
import Storage

/// The config chosen for one sample, and the experiment it was sampled from.
struct SampledConfig: Sendable {
    var config: IdentifiedConfig
    var experiment: ExperimentRecord?
    var experimentID: String? { experiment?.id }
}

/// Finds the config each sample of a generation uses: inline, stored, deployed in an environment, or
/// sampled from an experiment by Thompson sampling; and checks that the endpoint can use it.
final class ConfigResolver: Sendable {
    let store: any Store
    let configs: ConfigCatalog
    let providers: ProviderRegistry

    init(store: any Store, configs: ConfigCatalog, providers: ProviderRegistry) {
        self.store = store
        self.configs = configs
        self.providers = providers
    }

    func resolve(
        _ source: ConfigSource, samples: Int, project: ProjectRecord?, orgID: String, kind: GenerationKind
    ) async throws -> [SampledConfig] {
        switch source {
        case .inline(let config):
            return Array(repeating: SampledConfig(config: try configs.identify(config)), count: samples)
        case .stored(let id):
            let config = try await storedConfig(id: id, orgID: orgID)
            try check(config.config, kind: kind)
            return Array(repeating: SampledConfig(config: config), count: samples)
        case .deployed(let environmentName):
            guard let project else {
                throw GatewayError.invalid(
                    ["body", "project_id"], "give project or project_id: a deployment belongs to a project",
                    type: "value_error.missing")
            }
            let deployment = try await DeploymentLookup.active(
                in: store, environment: environmentName, of: project, orgID: orgID)
            if let experimentID = deployment.experimentID {
                return try await sample(experimentID: experimentID, samples: samples, orgID: orgID, kind: kind)
            }
            let config = try await storedConfig(id: deployment.configID ?? "", orgID: orgID)
            try check(config.config, kind: kind)
            return Array(repeating: SampledConfig(config: config), count: samples)
        case .experiment(let id):
            return try await sample(experimentID: id, samples: samples, orgID: orgID, kind: kind)
        }
    }

    func storedConfig(id: String, orgID: String) async throws -> IdentifiedConfig {
        guard let config = try await configs.config(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Model config with id '\(id)' not found")
        }
        return config
    }

    /// Draws a config per sample from an experiment's active configs.
    func sample(experimentID: String, samples: Int, orgID: String, kind: GenerationKind) async throws
        -> [SampledConfig]
    {
        guard let experiment = try await store.experiment(id: experimentID, orgID: orgID) else {
            throw GatewayError.notFound("Experiment with id '\(experimentID)' not found")
        }
        let active = experiment.configs.filter(\.active)
        guard !active.isEmpty else {
            throw GatewayError.unprocessable("Experiment '\(experiment.name)' has no active model configs")
        }
        var sampler = ThompsonSampler()
        var sampled: [SampledConfig] = []
        for _ in 0..<samples {
            let chosen = active[sampler.choose(active.map { ($0.trials, $0.successes) })]
            let config = try await storedConfig(id: chosen.configID, orgID: orgID)
            try check(config.config, kind: kind)
            sampled.append(SampledConfig(config: config, experiment: experiment))
        }
        return sampled
    }

    /// A stored, deployed or sampled config must suit the kind of generation just as an inline one.
    func check(_ config: ModelConfigRequest, kind: GenerationKind) throws {
        let issues = issues(of: config, kind: kind)
        guard issues.isEmpty else { throw GatewayError.invalid(issues) }
    }

    /// What is wrong with a config for a kind of generation: unknown or unsupported provider or endpoint, a
    /// completion without a prompt template.
    func issues(of config: ModelConfigRequest, kind: GenerationKind) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let path: [LocationComponent] = ["body", "model_config"]
        let providerName = config.provider ?? ModelProvider.openai.rawValue
        if let provider = ModelProvider(rawValue: providerName) {
            if providers.provider(for: provider) == nil {
                issues.append(
                    ValidationIssue(
                        loc: path + ["provider"], msg: "provider '\(providerName)' is not supported by this server yet",
                        type: "value_error.provider_unsupported"))
            }
        } else {
            issues.append(WireEnum.issue(ModelProvider.self, at: path + ["provider"]))
        }
        if let endpointName = config.endpoint {
            if let known = ModelEndpoint(rawValue: endpointName) {
                if known == .edit {
                    issues.append(
                        ValidationIssue(
                            loc: path + ["endpoint"], msg: "the 'edit' endpoint is no longer offered by any provider",
                            type: "value_error"))
                }
            } else {
                issues.append(WireEnum.issue(ModelEndpoint.self, at: path + ["endpoint"]))
            }
        }
        if kind == .completion, config.promptTemplate == nil {
            issues.append(
                ValidationIssue(
                    loc: path + ["prompt_template"],
                    msg: "a completion needs a model config with a prompt_template", type: "value_error.missing"))
        }
        if config.model.isEmpty {
            issues.append(ValidationIssue(loc: path + ["model"], msg: "model must not be empty", type: "value_error"))
        }
        return issues
    }
}
