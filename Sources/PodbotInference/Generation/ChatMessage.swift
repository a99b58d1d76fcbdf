/// One message of a chat conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// Who speaks.
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant
    }

    /// Who speaks.
    public var role: Role
    /// What is said.
    public var content: String

    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }

    /// A system message.
    public static func system(_ content: String) -> ChatMessage { ChatMessage(.system, content) }
    /// A user message.
    public static func user(_ content: String) -> ChatMessage { ChatMessage(.user, content) }
    /// An assistant message.
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(.assistant, content) }
}
