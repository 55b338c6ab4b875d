using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Warnings;

/// <summary>Official (CAP 1.2) warnings: where they come from, which events are heat, and how much of an answer is read.</summary>
public sealed class WarningsOptions : IValidatableObject
{
    public const string SectionName = "Warnings";
    public const string NoSource = "none";
    public const string FolderSource = "folder";
    public const string CapFeedSource = "cap-feed";
    public const string QWeatherSource = "qweather";

    /// <summary>
    /// Where official warnings come from: <c>none</c> (levels from the forecast alone), <c>folder</c> (the CAP files in
    /// <see cref="FolderPath"/>), <c>cap-feed</c> (an Atom/RSS feed of CAP documents) or <c>qweather</c> (QWeather's
    /// weather alerts).
    /// </summary>
    [Required, RegularExpression("^(none|folder|cap-feed|qweather)$", ErrorMessage = "Warnings:Source must be 'none', 'folder', 'cap-feed' or 'qweather'.")]
    public string Source { get; set; } = NoSource;

    /// <summary>The folder of CAP files read by the <c>folder</c> source.</summary>
    public string FolderPath { get; set; } = "samples/warnings";

    /// <summary>
    /// For a replay (the demo): the recorded date that becomes today, as the recorded forecast's first day does
    /// (<c>2023-06-22</c> for the bundled heatwave). Empty: the messages' own times.
    /// </summary>
    [RegularExpression(@"^(\d{4}-\d{2}-\d{2})?$", ErrorMessage = "Warnings:ReplayFrom must be a date like 2023-06-22, or empty.")]
    public string? ReplayFrom { get; set; }

    /// <summary>
    /// Event names (or <c>eventCode</c> values) that make a warning a heat warning, separated by <c>;</c>. A name
    /// matches the whole event or a word of it, in any case: "Heat" matches "Excessive Heat Warning", not "Wheat".
    /// </summary>
    [Required] public string HeatEvents { get; set; } = "高温;High Temperature;Heat;Excessive Heat";

    /// <summary>Largest CAP document read; a longer one is rejected unread.</summary>
    [Range(1024, 16 * 1024 * 1024)] public int MaxDocumentBytes { get; set; } = CapParser.DefaultMaxBytes;

    /// <summary>
    /// The Atom or RSS 2.0 feed read by the <c>cap-feed</c> source (absolute http/https); its entries link the CAP
    /// documents (a relative link is resolved against the feed's address).
    /// </summary>
    public string? FeedUrl { get; set; }

    /// <summary>Most feed entries read per poll (the first ones, in feed order); the rest are reported as not read.</summary>
    [Range(1, 5000)] public int MaxFeedEntries { get; set; } = 200;

    /// <summary>Largest feed, or QWeather answer, read; a longer one fails the source.</summary>
    [Range(1024, 64 * 1024 * 1024)] public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The API host of the QWeather account, as its console shows it (QWeather gives each account its own, so there is
    /// no default); required by the <c>qweather</c> source.
    /// </summary>
    public string? QWeatherBaseUrl { get; set; }

    /// <summary>QWeather's bearer token (JWT); in Azure a Key Vault reference to the secret <c>qweather-token</c>.</summary>
    public string? QWeatherToken { get; set; }

    /// <summary>Language QWeather is asked to answer in (<c>lang</c>); <c>zh</c> gives the observatories' own Chinese texts.</summary>
    [Required, RegularExpression("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", ErrorMessage = "Warnings:QWeatherLanguage must be a language code such as zh or en.")]
    public string QWeatherLanguage { get; set; } = "zh";

    /// <summary>
    /// Sites in the same grid cell of this many degrees share one QWeather request, asked at the cell's centre; a
    /// warning found there covers the whole cell.
    /// </summary>
    [Range(0.02, 1.0)] public double CellDegrees { get; set; } = 0.1;

    /// <summary>Timeout of each attempt at a request of the <c>cap-feed</c> or <c>qweather</c> source.</summary>
    [Range(1, 300)] public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Retries after a failed attempt (a transient answer, no connection, an attempt timed out); 0: none.</summary>
    [Range(0, 10)] public int RetryAttempts { get; set; } = 3;

    /// <summary>First wait before a retry, doubling (with jitter) each time, as for <c>Weather__RetryDelaySeconds</c>.</summary>
    [Range(0.0, 60.0)] public double RetryDelaySeconds { get; set; } = 1;

    /// <summary>The names of <see cref="HeatEvents"/>, trimmed, empty ones dropped.</summary>
    public IReadOnlyList<string> HeatEventNames() =>
        HeatEvents.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary><see cref="ReplayFrom"/> as a date; null when empty.</summary>
    public DateOnly? ReplayFromDate() =>
        DateOnly.TryParseExact(ReplayFrom, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date) ? date : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HeatEventNames().Count == 0)
        {
            yield return new ValidationResult("must name at least one heat event, e.g. 高温;Heat", [nameof(HeatEvents)]);
        }

        if (!string.IsNullOrEmpty(ReplayFrom) && ReplayFromDate() is null)
        {
            yield return new ValidationResult($"'{ReplayFrom}' is not a date like 2023-06-22", [nameof(ReplayFrom)]);
        }

        if (Source == FolderSource && string.IsNullOrWhiteSpace(FolderPath))
        {
            yield return new ValidationResult("must name a folder of CAP files when Warnings:Source is 'folder'", [nameof(FolderPath)]);
        }

        foreach (var result in HttpUrl(FeedUrl, nameof(FeedUrl), Source == CapFeedSource, "the Atom or RSS feed of CAP documents", CapFeedSource))
        {
            yield return result;
        }

        foreach (var result in HttpUrl(QWeatherBaseUrl, nameof(QWeatherBaseUrl), Source == QWeatherSource, "your account's QWeather API host (https://..., from the QWeather console)", QWeatherSource))
        {
            yield return result;
        }

        if (Source == QWeatherSource && string.IsNullOrWhiteSpace(QWeatherToken))
        {
            yield return new ValidationResult("must be QWeather's bearer token when Warnings:Source is 'qweather'", [nameof(QWeatherToken)]);
        }
        else if (Source == QWeatherSource && QWeatherToken!.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            // App Service leaves a reference it cannot resolve (no such secret, no access) as the literal text.
            yield return new ValidationResult("is a Key Vault reference that did not resolve: set the secret qweather-token (and check the app's access to the vault)", [nameof(QWeatherToken)]);
        }
    }

    /// <summary>An absolute http(s) address, required when its source is chosen; when set, checked either way.</summary>
    private static IEnumerable<ValidationResult> HttpUrl(string? value, string member, bool required, string what, string source)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                yield return new ValidationResult($"must be {what} when Warnings:Source is '{source}'", [member]);
            }

            yield break;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            yield return new ValidationResult($"'{value}' is not an absolute http or https address", [member]);
        }
    }
}
