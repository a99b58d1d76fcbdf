/// An optional field of a JSON output that is written as `null` when it has no value, instead of being left out as
/// Swift's synthesized `Encodable` leaves out optionals: podbot's JSON contracts list every field, so a reader can
/// tell "unknown" from "this version does not have the field". Decoding takes a missing field as `nil`.
///
/// ```swift
/// struct Hit: Encodable {
///     var title: String
///     @Nullable var speaker: String?  // {"title": "…", "speaker": null}
/// }
/// ```
@propertyWrapper
public struct Nullable<Value> {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }
}

extension Nullable: Sendable where Value: Sendable {}
extension Nullable: Equatable where Value: Equatable {}
extension Nullable: Hashable where Value: Hashable {}

extension Nullable: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension Nullable: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

extension KeyedDecodingContainer {
    /// A missing key is `nil`, as it is for a plain optional.
    public func decode<Value: Decodable>(_ type: Nullable<Value>.Type, forKey key: Key) throws -> Nullable<Value> {
        Nullable(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}
