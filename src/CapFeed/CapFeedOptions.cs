using System.ComponentModel.DataAnnotations;

namespace HeatRelief.CapFeed;

/// <summary>How HeatRelief publishes its own alerts as CAP 1.2 documents and an Atom feed.</summary>
public sealed class CapFeedOptions : IValidatableObject
{
    public const string SectionName = "CapFeed";

    /// <summary>
    /// CAP <c>sender</c>: who the documents come from, unique to this HeatRelief (e.g. <c>heatrelief@union.example</c>).
    /// Consumers match an Update or Cancel to the Alert it ends by sender and identifier, so never change it in a season.
    /// </summary>
    [Required] public string Sender { get; set; } = "heatrelief@localhost";

    /// <summary>CAP <c>senderName</c> of the Chinese <c>info</c> block.</summary>
    [Required] public string SenderNameZh { get; set; } = "HeatRelief 工会夏送清凉";

    /// <summary>CAP <c>senderName</c> of the English <c>info</c> block.</summary>
    [Required] public string SenderNameEn { get; set; } = "HeatRelief union summer cooling campaign";

    /// <summary>Radius of the CAP <c>circle</c> drawn around each site, in kilometres.</summary>
    [Range(0.01, 100.0)] public double SiteRadiusKm { get; set; } = 1;

    /// <summary>How many days back the Atom feed reaches (by when an alert was sent).</summary>
    [Range(1, 60)] public int FeedDays { get; set; } = 7;

    /// <summary>The most entries the Atom feed holds, newest first.</summary>
    [Range(1, 1000)] public int FeedMaxEntries { get; set; } = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CapText.IdentifierProblem(Sender) is { } problem)
        {
            yield return new ValidationResult($"{problem} (CAP 1.2 sender), e.g. heatrelief@union.example", [nameof(Sender)]);
        }
    }
}
