#if canImport(Glibc)
import Glibc
#endif

/// Bounds a transfer that stops making progress. libgit2 1.5 has no connect or read timeout,
/// and its progress callbacks only run while data arrives, so a server that accepts and then
/// says nothing would hang kpi forever. A watchdog thread notes the time of the last progress
/// (`touch()`); after `limit` seconds without any, it interrupts the blocked system call with
/// a signal (libgit2 does not retry an interrupted read, so the operation fails) and, should
/// that not end it within a grace period, calls `abandon` as a last resort.
final class TransferWatchdog: @unchecked Sendable {
    let limit: Double
    private let abandon: (@Sendable () -> Void)?
    private var mutex = pthread_mutex_t()
    private var last: Double
    private var paused = 0
    private var finished = false
    private(set) var fired = false
    private let target: pthread_t
    private var thread: pthread_t? = nil

    /// A signal handler that does nothing: its only job is to make a blocked read return EINTR.
    private static let handlerInstalled: Bool = {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0   // no SA_RESTART
        sigaction(SIGALRM, &action, nil)
        return true
    }()

    init(limit: Double, abandon: (@Sendable () -> Void)?) {
        self.limit = limit
        self.abandon = abandon
        pthread_mutex_init(&mutex, nil)
        target = pthread_self()
        last = TransferWatchdog.now()
        _ = TransferWatchdog.handlerInstalled
    }

    deinit { pthread_mutex_destroy(&mutex) }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }

    func touch() { locked { last = TransferWatchdog.now() } }
    /// While kpi waits for a person (a password prompt), the clock stops.
    func pause() { locked { paused += 1 } }
    func resume() { locked { paused -= 1; last = TransferWatchdog.now() } }
    var hasFired: Bool { locked { fired } }

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var t = pthread_t()
        let rc = pthread_create(&t, nil, { raw in
            let dog = Unmanaged<TransferWatchdog>.fromOpaque(raw!).takeRetainedValue()
            dog.watch()
            return nil
        }, context)
        if rc == 0 { thread = t } else { Unmanaged<TransferWatchdog>.fromOpaque(context).release() }
    }

    func stop() {
        locked { finished = true }
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    private func watch() {
        var firedAt = 0.0
        while true {
            usleep(100_000)
            let (done, idle, isPaused, hasFired) = locked { (finished, TransferWatchdog.now() - last, paused > 0, fired) }
            if done { return }
            if hasFired {
                pthread_kill(target, SIGALRM)
                if TransferWatchdog.now() - firedAt > 2, let abandon { abandon() }
                continue
            }
            if !isPaused && idle >= limit {
                locked { fired = true }
                firedAt = TransferWatchdog.now()
                pthread_kill(target, SIGALRM)
            }
        }
    }
}
