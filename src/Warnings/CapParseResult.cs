namespace HeatRelief.Warnings;

/// <summary>What <see cref="CapParser"/> made of one input: a document, or the one-line reason it was rejected.</summary>
public sealed record CapParseResult(string Source, CapDocument? Document, string? Problem)
{
    public static CapParseResult Parsed(CapDocument document) => new(document.Source, document, null);

    public static CapParseResult Rejected(string source, string problem) => new(source, null, problem);
}
