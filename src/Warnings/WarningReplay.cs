using System.Globalization;
using HeatRelief.Audit;
using Microsoft.Extensions.Options;

namespace HeatRelief.Warnings;

/// <summary>
/// Turns recorded CAP messages into a replay for today (<c>Warnings__ReplayFrom</c>, the demo's 2023-06-22): every time
/// moves by the whole days from that date to today in the campaign's zone, as the recorded forecast does, and every
/// identifier (and reference) gains the replay's date, so each day's replay is a set of messages of its own and never a
/// second copy of yesterday's. Without the setting, messages pass unchanged.
/// </summary>
public sealed class WarningReplay(IOptions<WarningsOptions> options, LocalTimeText localTime, TimeProvider time)
{
    public IReadOnlyList<CapDocument> Apply(IReadOnlyList<CapDocument> documents)
    {
        if (options.Value.ReplayFromDate() is not { } from)
        {
            return documents;
        }

        var today = DateOnly.FromDateTime(localTime.Local(time.GetUtcNow()).DateTime);
        var shift = TimeSpan.FromDays(today.DayNumber - from.DayNumber);
        var suffix = "-replay-" + today.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return [.. documents.Select(d => Shift(d, shift, suffix))];
    }

    private static CapDocument Shift(CapDocument d, TimeSpan shift, string suffix) => d with
    {
        Identifier = d.Identifier + suffix,
        Sent = d.Sent + shift,
        References = [.. d.References.Select(r => r with { Identifier = r.Identifier + suffix, Sent = r.Sent + shift })],
        Infos = [.. d.Infos.Select(i => i with { Effective = i.Effective + shift, Onset = i.Onset + shift, Expires = i.Expires + shift })],
    };
}
