import Yams

/// The `preview:` section of `tolk.yaml`: what `tolk build --html` takes from the site's own files.
///
/// Every word the preview shows comes from the site, translated like the rest: the pages' front
/// matter, the navigation file, and the site strings file, whose keys are named here by role.
public struct PreviewSettings: Sendable, Equatable {
    /// The front matter list that makes tag pages.
    public var tagsKey = "tags"
    /// Role → key path in the site strings file.
    public var strings: [Role: String] = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, $0.defaultKey) })

    /// What a site string is for in the preview, with the English text used when the site has none
    /// (the preview says so: an untranslatable default is a hard-coded string).
    public enum Role: String, Sendable, CaseIterable, Hashable {
        case siteTitle = "site_title"
        case tagline
        case skipToContent = "skip_to_content"
        case readMore = "read_more"
        case publishedOn = "published_on"
        case tagged
        case previousPost = "previous_post"
        case nextPost = "next_post"
        case languageSwitcher = "language_switcher"
        case footerNote = "footer_note"
        case postsCount = "posts_count"
        case latestPosts = "latest_posts"
        case tagsTitle = "tags_title"
        case tagTitle = "tag_title"

        public var defaultKey: String {
            switch self {
            case .siteTitle: return "title"
            case .tagline: return "tagline"
            default: return "strings." + rawValue
            }
        }

        /// The English text, as an ICU message with the role's arguments.
        public var fallback: String {
            switch self {
            case .siteTitle: return "Home"
            case .tagline: return ""
            case .skipToContent: return "Skip to main content"
            case .readMore: return "Read more"
            case .publishedOn: return "Published on {date}"
            case .tagged: return "Tagged with {tags}"
            case .previousPost: return "Previous post"
            case .nextPost: return "Next post"
            case .languageSwitcher: return "Languages"
            case .footerNote: return ""
            case .postsCount: return "{count, plural, one {# post} other {# posts}}"
            case .latestPosts: return "Latest posts"
            case .tagsTitle: return "Tags"
            case .tagTitle: return "Tagged “{tag}”"
            }
        }
    }

    public init() {}
}
