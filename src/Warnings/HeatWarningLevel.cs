using HeatRelief.Heat;

namespace HeatRelief.Warnings;

/// <summary>
/// The level an official heat warning sets, with what it was read from: the severity's colour and the colour word of
/// the headline. When they disagree the higher wins (erring toward protecting workers) and <see cref="Mismatch"/> says so.
/// </summary>
public sealed record HeatWarningLevel(HeatLevel Level, HeatLevel? FromSeverity, HeatLevel? FromHeadline, string? Mismatch);
