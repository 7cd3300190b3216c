import ArgumentParser

/// The process's entry point: the threads are set up before the first task runs, then the command line
/// is parsed and run.
@main
enum Entry {
    static func main() async {
        ProcessThreads.configure()
        let command: any AsyncParsableCommand.Type = Loopgate.self
        await command.main()
    }
}
