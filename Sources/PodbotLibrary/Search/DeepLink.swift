import Foundation

/// Links to a moment of an episode.
public enum DeepLink {
    /// The episode URL with a start time where the host understands one (YouTube's `t=`), else the URL.
    public static func url(_ episodeURL: String?, seconds: Double?) -> String? {
        guard let episodeURL, !episodeURL.isEmpty else { return nil }
        guard let seconds, let components = URLComponents(string: episodeURL),
            let host = components.host?.lowercased(),
            host == "youtu.be" || host == "youtube.com" || host.hasSuffix(".youtube.com")
        else { return episodeURL }
        let whole = Int(seconds.rounded(.down))
        return episodeURL + (components.query == nil ? "?" : "&") + "t=\(whole)"
    }
}
