using System.Globalization;
using HeatRelief.Heat;
using HeatRelief.Warnings;

namespace HeatRelief.Alerts;

/// <summary>
/// An alert as a queue message carries it, so the fan-out and delivery need not read the Alerts row back (issue 13,
/// step 2). Everything but the id and the day, which the message names itself. An alert row never changes after its
/// insert (only its progress marks do), so the copy cannot go stale. Doubles that may be NaN travel as null.
/// </summary>
public sealed record AlertSnapshot
{
    public required string SiteId { get; init; }

    public required AlertKind Kind { get; init; }

    public required HeatLevel Level { get; init; }

    public required HeatLevel PreviousLevel { get; init; }

    public required int UtcOffsetSeconds { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required HeatLevel GradeLevel { get; init; }

    public required HeatLevel Signal { get; init; }

    public double? MaxTemperatureC { get; init; }

    public double? MaxHeatIndexC { get; init; }

    public required HeatIndexBand HeatIndexBand { get; init; }

    /// <summary>"HH:mm" of the hottest window's first hour; null when the window is unknown.</summary>
    public string? HottestStart { get; init; }

    public int? HottestHours { get; init; }

    public double? HottestMeanC { get; init; }

    public int? FallbackStartHour { get; init; }

    public int? FallbackEndHour { get; init; }

    public required WorkAdvice Advice { get; init; }

    public required int MaxOutdoorHours { get; init; }

    public required bool Complete { get; init; }

    public required string Rule { get; init; }

    public WarningCitation? Warning { get; init; }

    public static AlertSnapshot Of(Alert alert)
    {
        var g = alert.Grade;
        return new AlertSnapshot
        {
            SiteId = alert.SiteId,
            Kind = alert.Kind,
            Level = alert.Level,
            PreviousLevel = alert.PreviousLevel,
            UtcOffsetSeconds = alert.UtcOffsetSeconds,
            CreatedAt = alert.CreatedAt,
            GradeLevel = g.Level,
            Signal = g.Signal,
            MaxTemperatureC = Finite(g.MaxTemperatureC),
            MaxHeatIndexC = Finite(g.MaxHeatIndexC),
            HeatIndexBand = g.HeatIndexBand,
            HottestStart = g.HottestWindow?.StartText,
            HottestHours = g.HottestWindow?.Hours,
            HottestMeanC = g.HottestWindow is { } w ? Finite(w.MeanTemperatureC) : null,
            FallbackStartHour = g.FallbackWindow?.StartHour,
            FallbackEndHour = g.FallbackWindow?.EndHour,
            Advice = g.Advice,
            MaxOutdoorHours = g.MaxOutdoorHours,
            Complete = g.Complete,
            Rule = g.Rule,
            Warning = alert.Warning,
        };
    }

    /// <summary>The alert again, given the id and day its message names.</summary>
    public Alert ToAlert(string alertId, string dateKey)
    {
        var date = DateOnly.ParseExact(dateKey, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var window = HottestStart is null
            ? null
            : new HottestWindow(TimeOnly.ParseExact(HottestStart, "HH\\:mm", CultureInfo.InvariantCulture), HottestHours ?? 3, HottestMeanC ?? double.NaN);
        var grade = new HeatGrade(date, GradeLevel, Signal, MaxTemperatureC ?? double.NaN, MaxHeatIndexC ?? double.NaN, HeatIndexBand, window, Advice, MaxOutdoorHours, Complete, Rule)
        {
            FallbackWindow = FallbackStartHour is { } from && FallbackEndHour is { } to ? new HourSpan(from, to) : null,
        };
        return new Alert(alertId, SiteId, date, Kind, Level, PreviousLevel, grade, UtcOffsetSeconds, CreatedAt, Warning);
    }

    /// <summary>Null when the copy can be turned back into an alert of <paramref name="siteId"/>; otherwise why not.</summary>
    public string? Problem(string? siteId = null) =>
        SiteId is null || Rule is null ? "alert: siteId and rule are required"
        : siteId is not null && !string.Equals(SiteId, siteId, StringComparison.Ordinal) ? $"alert: siteId '{SiteId}' is not the message's '{siteId}'"
        : HottestStart is not null && !TimeOnly.TryParseExact(HottestStart, "HH\\:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? "alert: hottestStart must be HH:mm"
        : Warning is { } w && (w.Identifier is null || w.Sender is null || w.SenderNameZh is null || w.HeadlineZh is null || w.SenderNameEn is null || w.HeadlineEn is null)
            ? "alert: warning is incomplete"
        : null;

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
