import HumanloopAPI
import Testing

@Suite("Duration in nanoseconds")
struct DurationNanosecondsTests {
    @Test func wholeNanosecondsOfSecondsAndTheirFraction() {
        #expect((Duration.seconds(2) + .nanoseconds(5)).nanoseconds == 2_000_000_005)
        #expect(Duration.milliseconds(250).nanoseconds == 250_000_000)
        #expect(Duration.seconds(86_400 * 365).nanoseconds == 31_536_000_000_000_000)
        // Below a nanosecond is dropped, not rounded.
        #expect(
            (Duration.nanoseconds(7) + .init(secondsComponent: 0, attosecondsComponent: 999_999_999)).nanoseconds == 7)
    }
}
