import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The one way the HTTP engines talk to their servers: a blocking POST with a time-out, retries with
/// exponential back-off on 429, 5xx and time-outs (honouring `Retry-After` up to a bound), and an
/// answer read only up to `maximumResponseBytes`: a server that sends more is cut off, not buffered.
///
/// Errors name the address and the status, never a header: keys travel in headers, and an error
/// message ends up in logs.
final class HTTPClient: Sendable {
    let timeout: Double
    let retries: Int
    let maximumResponseBytes: Int
    /// The longest wait between two tries.
    static let maximumBackOff = 30.0

    init(timeout: Double, retries: Int, maximumResponseBytes: Int) {
        self.timeout = timeout
        self.retries = retries
        self.maximumResponseBytes = maximumResponseBytes
    }

    struct Response {
        var status: Int
        var body: Data
        var retryAfter: Double?
    }

    /// POSTs `body` and returns the answer's body when the status is 2xx.
    func post(_ url: URL, body: Data, contentType: String, headers: [String: String] = [:]) throws -> Data {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let address = Self.display(url)
        var attempt = 0
        while true {
            let outcome = perform(request)
            switch outcome {
            case .success(let response) where (200..<300).contains(response.status):
                return response.body
            case .success(let response):
                let retryable = response.status == 429 || (500..<600).contains(response.status)
                if retryable, attempt < retries {
                    Thread.sleep(forTimeInterval: backOff(attempt, retryAfter: response.retryAfter))
                    attempt += 1
                    continue
                }
                let excerpt = String(decoding: response.body.prefix(200), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
                throw MachineTranslationError("\(address) answered HTTP \(response.status)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
                                              + (retryable ? " after \(attempt + 1) tries" : ""),
                                              hint: response.status == 401 || response.status == 403 ? "check the key in the environment variable named by api_key_env" : nil)
            case .failure(let failure):
                if failure.retryable, attempt < retries {
                    Thread.sleep(forTimeInterval: backOff(attempt, retryAfter: nil))
                    attempt += 1
                    continue
                }
                throw MachineTranslationError("\(address): \(failure.message)" + (failure.retryable && retries > 0 ? " after \(attempt + 1) tries" : ""), hint: failure.hint)
            }
        }
    }

    private func backOff(_ attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(Self.maximumBackOff, max(0, retryAfter)) }
        return min(Self.maximumBackOff, 0.25 * pow(2, Double(attempt)))
    }

    /// The address without user, password or query, for messages.
    static func display(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.user = nil
        components?.password = nil
        components?.query = nil
        return components?.string ?? url.absoluteString
    }

    struct Failure: Error {
        var message: String
        var retryable: Bool
        var hint: String?
    }

    private func perform(_ request: URLRequest) -> Result<Response, Failure> {
        let collector = ResponseCollector(limit: maximumResponseBytes)
        let task = SharedSession.shared.start(request, collector: collector)
        // The request's own time-out covers a silent server; this covers one that trickles bytes forever.
        if collector.done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            return .failure(Failure(message: "no answer within \(Int(timeout)) s", retryable: true, hint: "raise machine_translation.timeout_seconds if the engine is just slow"))
        }
        return collector.result(timeout: timeout)
    }
}

/// One URLSession for the whole process, never invalidated. FoundationNetworking on Linux races when a
/// session is torn down while its libcurl handles are still winding down (a session per request crashed
/// with SIGILL inside `invalidateAndCancel` under parallel requests); one long-lived session has no teardown,
/// and it keeps connections to the engine open between requests. Each task's callbacks go to its own collector.
private final class SharedSession: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    static let shared = SharedSession()

    private let lock = NSLock()
    private var collectors: [Int: ResponseCollector] = [:]
    private var session: URLSession!

    private override init() {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        // As many connections as requests may be in flight (`requests_in_flight` goes up to 32): a
        // request never waits for another's connection, so its time-out is its own.
        configuration.httpMaximumConnectionsPerHost = 32
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    /// Starts `request`; its answer goes to `collector`.
    func start(_ request: URLRequest, collector: ResponseCollector) -> URLSessionDataTask {
        // Registered before resume, so no callback can arrive for an unknown task.
        let task = session.dataTask(with: request)
        lock.withLock { collectors[task.taskIdentifier] = collector }
        task.resume()
        return task
    }

    private func collector(for task: URLSessionTask, finished: Bool = false) -> ResponseCollector? {
        lock.withLock { finished ? collectors.removeValue(forKey: task.taskIdentifier) : collectors[task.taskIdentifier] }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        collector(for: dataTask)?.received(response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        if collector(for: dataTask)?.received(data) ?? true { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        collector(for: task, finished: true)?.finished(error)
    }
}

/// Collects one answer; `received(_ data:)` says when it has grown past the limit and the task should be cancelled.
private final class ResponseCollector: @unchecked Sendable {
    let limit: Int
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var body = Data()
    private var status = 0
    private var retryAfter: Double?
    private var tooLarge = false
    private var error: (any Error)?

    init(limit: Int) { self.limit = limit }

    func received(_ response: URLResponse) {
        lock.withLock {
            if let http = response as? HTTPURLResponse {
                status = http.statusCode
                retryAfter = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
            }
        }
    }

    /// Adds `data` to the body; true when the answer is now too large.
    func received(_ data: Data) -> Bool {
        lock.withLock {
            body.append(data)
            if body.count > limit { tooLarge = true }
            return tooLarge
        }
    }

    func finished(_ error: (any Error)?) {
        lock.withLock { self.error = error }
        done.signal()
    }

    func result(timeout: Double) -> Result<HTTPClient.Response, HTTPClient.Failure> {
        lock.withLock {
            if tooLarge {
                return .failure(HTTPClient.Failure(message: "the answer is larger than \(limit) bytes; refused", retryable: false, hint: nil))
            }
            if let error {
                let code = (error as NSError).code
                let timedOut = code == NSURLErrorTimedOut
                let refused = code == NSURLErrorCannotConnectToHost || code == NSURLErrorCannotFindHost
                return .failure(HTTPClient.Failure(message: timedOut ? "no answer within \(Int(timeout)) s" : refused ? "cannot connect" : error.localizedDescription,
                                                   retryable: timedOut || code == NSURLErrorNetworkConnectionLost,
                                                   hint: refused ? "is the engine's server running at that address?"
                                                       : timedOut ? "raise machine_translation.timeout_seconds if the engine is just slow" : nil))
            }
            return .success(HTTPClient.Response(status: status, body: body, retryAfter: retryAfter))
        }
    }
}
