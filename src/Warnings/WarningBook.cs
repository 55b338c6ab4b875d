using HeatRelief.Heat;

namespace HeatRelief.Warnings;

/// <summary>
/// The lifecycle of official warnings over a set of parsed CAP messages, in memory and pure. Messages are applied in
/// order of <c>sent</c> (never file order): an Actual Alert starts a warning, an Actual Update replaces the messages it
/// references and starts its own, an Actual Cancel ends them. Other statuses are recorded and change nothing.
/// A reference names a message by sender and identifier (unique per sender in CAP).
/// </summary>
public sealed class WarningBook
{
    private readonly HeatClassifier _classifier;
    private readonly TimeZoneInfo _zone;

    public WarningBook(IEnumerable<CapDocument> documents, HeatClassifier classifier, TimeZoneInfo zone)
    {
        _classifier = classifier;
        _zone = zone;
        var ordered = documents
            .OrderBy(d => d.Sent.UtcDateTime)
            .ThenBy(d => d.MsgType)
            .ThenBy(d => d.Sender, StringComparer.Ordinal)
            .ThenBy(d => d.Identifier, StringComparer.Ordinal)
            .ToList();
        var entries = new List<WarningEntry>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var document in ordered)
        {
            if (byKey.TryGetValue(document.Key, out var first))
            {
                notes.Add($"{document.Source}: {document.Sender},{document.Identifier} was already recorded from {entries[first].Document.Source}; the copy is ignored");
                entries.Add(new WarningEntry(document, WarningState.NoWarning, null));
                continue;
            }

            byKey[document.Key] = entries.Count;
            var actual = document.Status == CapStatus.Actual;
            entries.Add(new WarningEntry(document, !actual ? WarningState.NotActual : document.MsgType is CapMessageType.Alert or CapMessageType.Update ? WarningState.Active : WarningState.NoWarning, null));
            if (!actual || document.MsgType is not (CapMessageType.Update or CapMessageType.Cancel))
            {
                continue;
            }

            foreach (var reference in document.References)
            {
                if (!byKey.TryGetValue(reference.Key, out var at) || entries[at].Document.Status != CapStatus.Actual)
                {
                    notes.Add($"{document.Source}: references {reference.Sender},{reference.Identifier}, which is no earlier Actual message here");
                    continue;
                }

                if (entries[at].State == WarningState.Active)
                {
                    entries[at] = entries[at] with
                    {
                        State = document.MsgType == CapMessageType.Update ? WarningState.Superseded : WarningState.Cancelled,
                        EndedBy = document,
                    };
                }
            }
        }

        Entries = entries;
        Notes = notes;
    }

    /// <summary>Every message given, in the order applied (by <c>sent</c>), with where it stands.</summary>
    public IReadOnlyList<WarningEntry> Entries { get; }

    /// <summary>What did not add up: references to unknown messages, second copies of a message.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// The heat warnings in force at a site on a local day (in the book's time zone), highest level first, then newest.
    /// In force: Actual, not replaced or ended, yellow or above, its area covers the site, and its span (onset, else
    /// effective, else sent, up to expires; no expires means until ended) overlaps the day. With <paramref name="asOf"/>,
    /// only what had been sent by then counts, so a replay sees each moment as it was.
    /// </summary>
    public IReadOnlyList<WarningInForce> InForce(double latitude, double longitude, string? adminCode, DateOnly day, DateTimeOffset? asOf = null)
    {
        var dayStart = LocalMidnight(day);
        var dayEnd = LocalMidnight(day.AddDays(1));
        var found = new List<WarningInForce>();
        foreach (var entry in Entries)
        {
            var document = entry.Document;
            if (document.Status != CapStatus.Actual || document.MsgType is not (CapMessageType.Alert or CapMessageType.Update) || entry.State == WarningState.NoWarning)
            {
                continue;
            }

            var counts = asOf is { } at
                ? document.Sent <= at && !(entry.EndedAt <= at)
                : entry.State == WarningState.Active;
            if (!counts)
            {
                continue;
            }

            WarningInForce? best = null;
            foreach (var info in document.Infos)
            {
                if (_classifier.Classify(info) is not { Level: > HeatLevel.None } level)
                {
                    continue;
                }

                var start = info.Onset ?? info.Effective ?? document.Sent;
                if (start >= dayEnd || info.Expires is { } expires && expires <= dayStart)
                {
                    continue;
                }

                var match = info.Areas.Select(a => a.Covers(latitude, longitude, adminCode)).FirstOrDefault(m => m != AreaMatch.None);
                if (match != AreaMatch.None && (best is null || level.Level > best.Level))
                {
                    best = new WarningInForce(document, info, level, match);
                }
            }

            if (best is not null)
            {
                found.Add(best);
            }
        }

        return [.. found.OrderByDescending(w => w.Level).ThenByDescending(w => w.Document.Sent.UtcDateTime).ThenBy(w => w.Document.Identifier, StringComparer.Ordinal)];
    }

    /// <summary>The start of a local day as an instant; a midnight skipped by a clock change takes the zone's standard offset.</summary>
    private DateTimeOffset LocalMidnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }
}
