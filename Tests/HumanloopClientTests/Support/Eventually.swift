/// Polls `condition` until it holds or `timeout` passes; returns whether it held. The generous default
/// only absorbs a loaded test machine: the conditions polled normally hold within milliseconds.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
