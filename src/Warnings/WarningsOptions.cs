using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Warnings;

/// <summary>Official (CAP 1.2) warnings: which events are heat, and how much of a document is read.</summary>
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
    }
}
