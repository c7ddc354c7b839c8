/// How far a long step has got, for a progress line on a terminal: `sync`'s extracting and updating,
/// `build`'s translating and writing.
public struct WorkProgress: Sendable {
    public enum Phase: String, Sendable { case extracting, updating, translating, writing, sending }

    public var phase: Phase
    public var done: Int
    public var total: Int
    /// The locale being worked on, when the step goes locale by locale.
    public var locale: String?

    public init(phase: Phase, done: Int, total: Int, locale: String? = nil) {
        self.phase = phase
        self.done = done
        self.total = total
        self.locale = locale
    }

    /// What the pages of a step are called in the progress line.
    public var unit: String {
        switch phase {
        case .extracting, .updating: "files"
        case .translating, .writing: "pages"
        case .sending: "texts"  // tolk translate's requests to a machine-translation engine
        }
    }
}
