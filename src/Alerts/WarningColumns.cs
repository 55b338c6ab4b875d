using Azure.Data.Tables;
using HeatRelief.Heat;
using HeatRelief.Warnings;

namespace HeatRelief.Alerts;

/// <summary>The columns an alert or evaluation row keeps of the official warning it cites (none when no warning was in force).</summary>
internal static class WarningColumns
{
    public static void Write(TableEntity e, WarningCitation? w)
    {
        if (w is null)
        {
            return;
        }

        e["WarningIdentifier"] = w.Identifier;
        e["WarningSender"] = w.Sender;
        e["WarningSent"] = w.Sent;
        e["WarningLevel"] = w.Level.ToWire();
        e["WarningExpires"] = w.Expires;
        e["WarningSenderNameZh"] = w.SenderNameZh;
        e["WarningHeadlineZh"] = w.HeadlineZh;
        e["WarningSenderNameEn"] = w.SenderNameEn;
        e["WarningHeadlineEn"] = w.HeadlineEn;
        e["WarningDecided"] = w.DecidedLevel;
    }

    public static WarningCitation? Read(TableEntity e) =>
        e.GetString("WarningIdentifier") is not { Length: > 0 } id
            ? null
            : new WarningCitation(
                id,
                e.GetString("WarningSender") ?? string.Empty,
                e.GetDateTimeOffset("WarningSent") ?? DateTimeOffset.MinValue,
                HeatLevelWire.FromWire(e.GetString("WarningLevel")),
                e.GetDateTimeOffset("WarningExpires"),
                e.GetString("WarningSenderNameZh") ?? string.Empty,
                e.GetString("WarningHeadlineZh") ?? string.Empty,
                e.GetString("WarningSenderNameEn") ?? string.Empty,
                e.GetString("WarningHeadlineEn") ?? string.Empty,
                e.GetBoolean("WarningDecided") ?? false);
}
