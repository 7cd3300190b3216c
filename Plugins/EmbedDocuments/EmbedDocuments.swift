import PackagePlugin

/// Puts the server's OpenAPI documents into its code, so the release binary is one file that needs no
/// resource bundle beside it (issue 28, item 7). SwiftPM's `resources:` would be read from a
/// `loopgate_LoopgateServer.resources` folder next to the executable at run time.
@main
struct EmbedDocuments: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let documents = ["openapi", "openapi-v5", "openapi-v1"]
        let inputs = documents.map { target.directoryURL.appending(components: "Resources", "\($0).json") }
        let output = context.pluginWorkDirectoryURL.appending(component: "EmbeddedDocuments.swift")
        return [
            .buildCommand(
                displayName: "Embedding the OpenAPI documents in \(target.name)",
                executable: try context.tool(named: "embed-documents").url,
                arguments: [output.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
