namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// The keys every test's settings carry. A file of its own so the Unit project can compile these constants (and
/// nothing of the Azurite-backed services) for its signing checks.
/// </summary>
public sealed partial class TestServices
{
    public const string LinkSigningKey = "test-link-signing-key-0123456789abcdef";

    /// <summary>whsec_ + base64 of 32 bytes; <see cref="WebhookSink"/> verifies every post with it.</summary>
    public const string WebhookSigningSecret = "whsec_dGVzdC13ZWJob29rLXNpZ25pbmcta2V5LTAxMjM0NTY3ODk=";

    public const string DevelopmentSigningKey = "test-development-token-key-0123456789abcdef";
}
