using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace HeatRelief.Storage;

/// <summary>
/// Validates an options class by its data annotations and names each failure by its app-setting key
/// (<c>Weather__Source</c>), so a host that refuses to start says exactly which setting to fix.
/// </summary>
public sealed class SettingsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(r =>
            $"setting {string.Join(", ", r.MemberNames.Select(m => $"{section}__{m}"))}: {r.ErrorMessage}"));
    }
}
