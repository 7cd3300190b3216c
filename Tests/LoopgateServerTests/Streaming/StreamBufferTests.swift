import NIOCore
import Synchronization
import Testing

@testable import LoopgateServer

@Suite("StreamBuffer")
struct StreamBufferTests {
    static func event(_ size: Int) -> ByteBuffer {
        ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
    }

    /// A producer facing a consumer that never reads stops once the buffer holds its limit of events.
    @Test func aProducerWaitsOnceTheEventLimitIsReached() async throws {
        let buffer = StreamBuffer(limits: .init(events: 4, bytes: 1 << 20))
        let sent = Atomic<Int>(0)
        let producer = Task {
            for _ in 0..<100 {
                try await buffer.send(Self.event(10))
                sent.add(1, ordering: .relaxed)
            }
        }
        try await eventually { buffer.queued.events == 4 }
        try await Task.sleep(for: .milliseconds(100))
        // The fourth send queued its event and waits for room; nothing more was pulled.
        #expect(sent.load(ordering: .relaxed) == 3)
        #expect(buffer.queued == (4, 40))
        producer.cancel()
        await #expect(throws: CancellationError.self) { try await producer.value }
    }

    /// The byte limit holds as well: one event past it at most.
    @Test func aProducerWaitsOnceTheByteLimitIsReached() async throws {
        let buffer = StreamBuffer(limits: .init(events: 1000, bytes: 1000))
        let producer = Task {
            for _ in 0..<100 { try await buffer.send(Self.event(300)) }
        }
        try await eventually { buffer.queued.bytes >= 1000 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(buffer.queued == (4, 1200))
        buffer.abandon()
        await #expect(throws: CancellationError.self) { try await producer.value }
        #expect(buffer.queued == (0, 0))
    }

    /// Everything sent is read, in order, and the end follows `finish()`; reading makes room for a waiting
    /// producer.
    @Test func theConsumerReadsEveryEventInOrderThenTheEnd() async throws {
        let buffer = StreamBuffer(limits: .init(events: 2, bytes: 1 << 20))
        let producer = Task {
            for index in 0..<50 { try await buffer.send(ByteBuffer(string: "\(index)")) }
            buffer.finish()
        }
        var received: [String] = []
        while let event = await buffer.next() { received.append(String(buffer: event)) }
        try await producer.value
        #expect(received == (0..<50).map(String.init))
    }

    /// A consumer that leaves (the client gone) fails the producer's wait at once.
    @Test func abandoningFailsAWaitingProducer() async throws {
        let buffer = StreamBuffer(limits: .init(events: 1, bytes: 1 << 20))
        let producer = Task { while true { try await buffer.send(Self.event(1)) } }
        try await eventually { buffer.queued.events == 1 }
        buffer.abandon()
        await #expect(throws: CancellationError.self) { try await producer.value }
        await #expect(throws: CancellationError.self) { try await buffer.send(Self.event(1)) }
    }

    /// A consumer waiting for an event ends when its task is cancelled.
    @Test func aWaitingConsumerEndsWhenCancelled() async throws {
        let buffer = StreamBuffer()
        let consumer = Task { await buffer.next() }
        try await Task.sleep(for: .milliseconds(50))
        consumer.cancel()
        #expect(await consumer.value == nil)
    }

    func eventually(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 5 s")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
