import Foundation

/// Links to a moment of an episode.
public enum DeepLink {
    /// The episode URL with a start time where the host or file understands one, else the URL: YouTube's `t=`,
    /// and a media fragment (`#t=SECONDS`) on a link straight to an audio or video file (a feed's enclosure).
    public static func url(_ episodeURL: String?, seconds: Double?) -> String? {
        guard let episodeURL, !episodeURL.isEmpty else { return nil }
        guard let seconds, let components = URLComponents(string: episodeURL), let host = components.host?.lowercased()
        else { return episodeURL }
        let whole = Int(seconds.rounded(.down))
        if host == "youtu.be" || host == "youtube.com" || host.hasSuffix(".youtube.com") {
            return episodeURL + (components.query == nil ? "?" : "&") + "t=\(whole)"
        }
        let fileExtension = (components.path as NSString).pathExtension.lowercased()
        guard mediaExtensions.contains(fileExtension) else { return episodeURL }
        let withoutFragment = episodeURL.split(separator: "#", maxSplits: 1).first.map(String.init) ?? episodeURL
        return withoutFragment + "#t=\(whole)"
    }

    private static let mediaExtensions: Set<String> = [
        "mp3", "m4a", "m4b", "mp4", "aac", "ogg", "oga", "opus", "wav", "flac", "webm", "mov",
    ]
}
