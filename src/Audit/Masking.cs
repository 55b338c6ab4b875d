using System.Text.RegularExpressions;

namespace HeatRelief.Audit;

/// <summary>Masks phone numbers and e-mail addresses before they reach logs or the audit trail.</summary>
public static partial class Masking
{
    /// <summary>138****5678 for phone numbers, w***@example.com for e-mail, host only for URLs.</summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            // Webhook URLs carry access tokens in their query or path: keep only where they point.
            return $"{uri.Scheme}://{uri.Authority}/***";
        }

        return MaskText(value);
    }

    /// <summary>Masks every phone number and e-mail address inside free text.</summary>
    public static string MaskText(string text) =>
        Email().Replace(Phone().Replace(text, m => m.Value[..3] + "****" + m.Value[^4..]), m => m.Groups[1].Value[..1] + "***@" + m.Groups[2].Value);

    // No digit on either side (a longer run is not a phone number), except the last digit of a JSON escape such as
    // \u0022: a quote written inside JSON that is itself inside JSON (a poison message's body).
    [GeneratedRegex(@"(?:(?<!\d)|(?<=\\u[0-9A-Fa-f]{4}))(?:\+?86)?1[3-9]\d{9}(?!\d)")]
    private static partial Regex Phone();

    [GeneratedRegex(@"([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")]
    private static partial Regex Email();
}
