using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Warnings;

/// <summary>Official (CAP 1.2) warnings: which events are heat, and how much of a document is read.</summary>
public sealed class WarningsOptions : IValidatableObject
{
    public const string SectionName = "Warnings";

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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HeatEventNames().Count == 0)
        {
            yield return new ValidationResult("must name at least one heat event, e.g. 高温;Heat", [nameof(HeatEvents)]);
        }
    }
}
