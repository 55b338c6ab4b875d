using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Api;

/// <summary>
/// Sign-in for hosts without App Service Authentication (the self-host). In Azure, Entra ID signs callers in
/// and these settings stay unset; locally, signed development tokens stand in for it, and only when enabled.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>Accept signed development tokens. Off unless local settings turn it on.</summary>
    public bool DevelopmentSignIn { get; set; }

    /// <summary>Secret (at least 32 characters) that signs development tokens; required when <see cref="DevelopmentSignIn"/> is on.</summary>
    public string DevelopmentSigningKey { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DevelopmentSignIn && DevelopmentSigningKey.Length < 32)
        {
            yield return new ValidationResult("must be at least 32 characters when Auth__DevelopmentSignIn is true", [nameof(DevelopmentSigningKey)]);
        }
    }
}
