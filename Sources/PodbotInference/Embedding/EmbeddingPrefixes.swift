/// The text an embedding model is trained to read before a search query and before a passage (nomic-embed-text's
/// `search_query: ` and `search_document: `, e5's `query: ` and `passage: `); all-MiniLM-L6-v2 has none.
///
/// Configured with the embedding model (``InferenceConfiguration``): `PODBOT_EMBED_QUERY_PREFIX` and
/// `PODBOT_EMBED_DOCUMENT_PREFIX`, else the config file's `embedding.queryPrefix` and `embedding.documentPrefix`.
/// None is assumed from a model's name: on the dev sets nomic-embed-text-v1.5 ranked better without the query
/// prefix its model card gives than with it (BENCHMARKS.md, session 32), so what helps is the user's to measure.
public struct EmbeddingPrefixes: Sendable, Hashable {
    /// Put before every question that is searched for.
    public var query: String
    /// Put before every passage text that is embedded for the library.
    public var document: String

    public init(query: String = "", document: String = "") {
        self.query = query
        self.document = document
    }

    /// No prefixes.
    public static let none = EmbeddingPrefixes()
}
