using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using HeatRelief.Notifications;

namespace HeatRelief.Sites;

/// <summary>
/// Reads sites, recipients and officers from CSV. A file is validated whole before anything is written:
/// any bad row fails the import with an error naming file, line and column.
/// </summary>
public sealed partial class CsvImporter(SiteDirectory directory, WebhookTargets webhookTargets)
{
    /// <summary>Largest file accepted; a bigger one is refused before it is read.</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    private static readonly string[] SiteColumns = ["id", "name", "district", "latitude", "longitude", "kind", "outdoor_workers"];
    private static readonly string[] RecipientColumns = ["id", "site_id", "name", "role", "channel", "address", "language", "quiet_start", "quiet_end"];
    private static readonly string[] OfficerColumns = ["id", "name", "district", "latitude", "longitude", "channel", "address", "max_visits_per_day"];

    // Columns a file may leave out; older files without them import with the defaults.
    // "active" left out or left blank keeps what is stored (true for a new row): an old file imported again
    // must not bring back a site that was finished with ./run.sh deactivate.
    private static readonly string[] OptionalSiteColumns = ["address", "admin_code", ActiveColumn];
    private static readonly string[] OptionalRecipientColumns = [ActiveColumn, DigestColumn];
    private static readonly string[] OptionalOfficerColumns = [ActiveColumn, "language", "login", DigestColumn];

    private const string ActiveColumn = "active";

    // "digest" false opts out of the daily digest; left out or blank, the digest is on.
    private const string DigestColumn = "digest";

    public async Task<UpsertCounts> ImportSitesAsync(string path, CancellationToken ct) =>
        await ImportTextAsync(DirectoryKind.Site, path, await ReadTextAsync(path, ct), ct);

    public async Task<UpsertCounts> ImportRecipientsAsync(string path, CancellationToken ct) =>
        await ImportTextAsync(DirectoryKind.Recipient, path, await ReadTextAsync(path, ct), ct);

    public async Task<UpsertCounts> ImportOfficersAsync(string path, CancellationToken ct) =>
        await ImportTextAsync(DirectoryKind.Officer, path, await ReadTextAsync(path, ct), ct);

    /// <summary>
    /// An uploaded file, as its bytes: the same size limit, encodings and whole-file validation as a file on disk;
    /// <paramref name="file"/> names it in the errors.
    /// </summary>
    public Task<UpsertCounts> ImportAsync(DirectoryKind kind, string file, byte[] bytes, CancellationToken ct)
    {
        if (bytes.LongLength > MaxFileBytes)
        {
            throw TooBig(file, bytes.LongLength);
        }

        return ImportTextAsync(kind, file, Decode(file, bytes), ct);
    }

    /// <summary>
    /// Adds or changes one record from a form, validated as a row of a file of its kind (<see cref="FormColumns"/>
    /// by name; the lifecycle is left as stored, a new record is active). Errors name line 2, the row's line.
    /// </summary>
    public Task<UpsertCounts> SaveAsync(DirectoryKind kind, IReadOnlyDictionary<string, string> fields, CancellationToken ct) =>
        ImportTextAsync(kind, FormName, RowText(kind, fields), ct);

    /// <summary>What <see cref="SaveAsync"/> calls the form in its errors.</summary>
    public const string FormName = "form";

    /// <summary>The columns a form for one record of <paramref name="kind"/> has: every column of its file but the lifecycle's.</summary>
    public static IReadOnlyList<string> FormColumns(DirectoryKind kind)
    {
        var (columns, optional) = ColumnsOf(kind);
        return [.. columns, .. optional.Where(c => c != ActiveColumn)];
    }

    /// <summary>A stored record as the values of its <see cref="FormColumns"/>, as a file would give them.</summary>
    public static IReadOnlyDictionary<string, string> FieldsOf(Site s) => new Dictionary<string, string>
    {
        ["id"] = s.Id, ["name"] = s.Name, ["district"] = s.District, ["latitude"] = Number(s.Latitude), ["longitude"] = Number(s.Longitude),
        ["kind"] = s.Kind, ["outdoor_workers"] = Number(s.OutdoorWorkers), ["address"] = s.Address, ["admin_code"] = s.AdminCode,
    };

    /// <inheritdoc cref="FieldsOf(Site)"/>
    public static IReadOnlyDictionary<string, string> FieldsOf(Recipient r) => new Dictionary<string, string>
    {
        ["id"] = r.Id, ["site_id"] = r.SiteId, ["name"] = r.Name, ["role"] = r.Role, ["channel"] = r.Channel, ["address"] = r.Address,
        ["language"] = r.Language, ["quiet_start"] = Time(r.QuietStart), ["quiet_end"] = Time(r.QuietEnd),
        [DigestColumn] = Bool(r.Digest),
    };

    /// <inheritdoc cref="FieldsOf(Site)"/>
    public static IReadOnlyDictionary<string, string> FieldsOf(Officer o) => new Dictionary<string, string>
    {
        ["id"] = o.Id, ["name"] = o.Name, ["district"] = o.District, ["latitude"] = Number(o.Latitude), ["longitude"] = Number(o.Longitude),
        ["channel"] = o.Channel, ["address"] = o.Address, ["max_visits_per_day"] = Number(o.MaxVisitsPerDay), ["language"] = o.Language, ["login"] = o.Login,
        [DigestColumn] = Bool(o.Digest),
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Time(TimeOnly? value) => value?.ToString("HH\\:mm", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A header and one row of a file of <paramref name="kind"/> holding the form's values; a field no form has is refused.</summary>
    private static string RowText(DirectoryKind kind, IReadOnlyDictionary<string, string> fields)
    {
        var columns = FormColumns(kind);
        var unknown = fields.Keys.Where(k => !columns.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            var errors = unknown.Select(k => Error(0, Clip(k), ProblemCode.UnknownField, ("kind", kind.ToString().ToLowerInvariant()), ("fields", string.Join(", ", columns)))).ToList();
            throw new ImportException($"{FormName}: {string.Join("; ", errors.Select(e => $"'{e.Column}' {e.Problem}"))}", null, errors);
        }

        static string Quote(string value) => $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        return string.Join(",", columns) + "\n" + string.Join(",", columns.Select(c => Quote(fields.GetValueOrDefault(c) ?? string.Empty))) + "\n";
    }

    private async Task<UpsertCounts> ImportTextAsync(DirectoryKind kind, string file, string text, CancellationToken ct)
    {
        var (columns, optional) = ColumnsOf(kind);
        switch (kind)
        {
            case DirectoryKind.Site:
                var (sites, keepSites) = Parse(file, text, columns, optional, ReadSite);
                return await directory.UpsertSitesAsync(sites.Select(s => s.Item), ct, keepSites);
            case DirectoryKind.Recipient:
                var known = await directory.ExistingSiteIdsAsync(ct);
                var (recipients, keepRecipients) = Parse(file, text, columns, optional, row => ReadRecipient(row, known, webhookTargets));
                return await directory.UpsertRecipientsAsync(recipients.Select(r => r.Item), ct, keepRecipients);
            default:
                var (officers, keepOfficers) = Parse(file, text, columns, optional, row => ReadOfficer(row, webhookTargets));
                CheckSignInNames(file, officers, await directory.ListOfficersAsync(ct));
                return await directory.UpsertOfficersAsync(officers.Select(o => o.Item), ct, keepOfficers);
        }
    }

    private static (string[] Columns, string[] Optional) ColumnsOf(DirectoryKind kind) => kind switch
    {
        DirectoryKind.Site => (SiteColumns, OptionalSiteColumns),
        DirectoryKind.Recipient => (RecipientColumns, OptionalRecipientColumns),
        _ => (OfficerColumns, OptionalOfficerColumns),
    };

    public static IReadOnlyList<Site> ParseSites(string file, string text) =>
        [.. Parse(file, text, SiteColumns, OptionalSiteColumns, ReadSite).Items.Select(i => i.Item)];

    public static IReadOnlyList<Recipient> ParseRecipients(string file, string text, ISet<string> knownSiteIds, WebhookTargets? webhookTargets = null) =>
        [.. Parse(file, text, RecipientColumns, OptionalRecipientColumns, row => ReadRecipient(row, knownSiteIds, webhookTargets)).Items.Select(i => i.Item)];

    /// <summary>Officers of a file; <paramref name="stored"/> (officers already imported) joins the sign-in name check.</summary>
    public static IReadOnlyList<Officer> ParseOfficers(string file, string text, IReadOnlyList<Officer>? stored = null, WebhookTargets? webhookTargets = null)
    {
        var officers = Parse(file, text, OfficerColumns, OptionalOfficerColumns, row => ReadOfficer(row, webhookTargets)).Items;
        CheckSignInNames(file, officers, stored ?? []);
        return [.. officers.Select(o => o.Item)];
    }

    /// <summary>
    /// Refuses two officers who could sign in with the same name, ignoring case: an officer is known by their
    /// login and by their id, so one officer's login may not be another's id. Stored officers the file does not
    /// list take part; removed ones do not.
    /// </summary>
    private static void CheckSignInNames(string file, IReadOnlyList<(Officer Item, int Line)> officers, IReadOnlyList<Officer> stored)
    {
        var inFile = officers.Select(o => o.Item.Id).ToHashSet(StringComparer.Ordinal);
        var removed = stored.Where(o => o.Removed).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var claims = new Dictionary<string, (string OfficerId, int Line)>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in stored.Where(o => !o.Removed && !inFile.Contains(o.Id)))
        {
            foreach (var name in NamesOf(o))
            {
                claims.TryAdd(name, (o.Id, 0));
            }
        }

        var errors = new List<ImportError>();
        foreach (var (officer, line) in officers.Where(o => !removed.Contains(o.Item.Id)))
        {
            foreach (var name in NamesOf(officer))
            {
                if (!claims.TryGetValue(name, out var owner))
                {
                    claims[name] = (officer.Id, line);
                }
                else if (owner.OfficerId != officer.Id)
                {
                    var column = string.Equals(name, officer.Id, StringComparison.OrdinalIgnoreCase) ? "id" : "login";
                    errors.Add(owner.Line > 0
                        ? Error(line, column, ProblemCode.SignInNameTaken, ("name", Clip(name)), ("officer", owner.OfficerId), ("line", owner.Line))
                        : Error(line, column, ProblemCode.SignInNameStored, ("name", Clip(name)), ("officer", owner.OfficerId)));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw Refusal(file, errors);
        }

        static IEnumerable<string> NamesOf(Officer o) => o.Login.Length > 0 && !string.Equals(o.Login, o.Id, StringComparison.OrdinalIgnoreCase) ? [o.Id, o.Login] : [o.Id];
    }

    private static Site ReadSite(CsvRow row)
    {
        var id = row.Id("id");
        return new Site(id, row.Text("name", 200), row.Text("district", 100), row.Latitude("latitude"), row.Longitude("longitude"),
            row.Text("kind", 50), row.Int("outdoor_workers", 0, 100_000), row.OptionalText("address", 300), row.OptionalBool(ActiveColumn, true), AdminCode: row.AdminCode("admin_code"));
    }

    private static Recipient ReadRecipient(CsvRow row, ISet<string> knownSiteIds, WebhookTargets? webhookTargets)
    {
        var id = row.Id("id");
        var siteId = row.Id("site_id");
        if (!knownSiteIds.Contains(siteId))
        {
            row.Fail("site_id", ProblemCode.UnknownSite, ("value", siteId));
        }

        var (channel, address) = row.Contact("channel", "address", webhookTargets ?? WebhookTargets.Strict);
        var language = row.Text("language", 5);
        if (!NotificationLanguages.All.Contains(language))
        {
            row.Fail("language", ProblemCode.NotOneOf, ("value", language), ("choices", string.Join(", ", NotificationLanguages.All)));
        }

        var quietStart = row.OptionalTime("quiet_start");
        var quietEnd = row.OptionalTime("quiet_end");
        if (quietStart.HasValue != quietEnd.HasValue)
        {
            row.Fail(quietStart.HasValue ? "quiet_end" : "quiet_start", ProblemCode.QuietTimesApart);
        }

        return new Recipient(id, siteId, row.Text("name", 200), row.Text("role", 50), channel, address, language, quietStart, quietEnd,
            row.OptionalBool(ActiveColumn, true), Digest: row.OptionalBool(DigestColumn, true));
    }

    private static Officer ReadOfficer(CsvRow row, WebhookTargets? webhookTargets)
    {
        var id = row.Id("id");
        var (channel, address) = row.Contact("channel", "address", webhookTargets ?? WebhookTargets.Strict);
        var language = row.OptionalText("language", 5);
        if (language.Length > 0 && !NotificationLanguages.All.Contains(language))
        {
            row.Fail("language", ProblemCode.NotOneOf, ("value", language), ("choices", string.Join(", ", NotificationLanguages.All)));
        }

        return new Officer(id, row.Text("name", 200), row.Text("district", 100), row.Latitude("latitude"), row.Longitude("longitude"),
            channel, address, row.Int("max_visits_per_day", 1, 50), row.OptionalBool("active", true),
            language.Length > 0 ? language : "zh", row.OptionalText("login", 200), Digest: row.OptionalBool(DigestColumn, true));
    }

    private static async Task<string> ReadTextAsync(string path, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ImportException($"{path}: file not found.");
        }

        if (info.Length > MaxFileBytes)
        {
            throw TooBig(path, info.Length);
        }

        var bytes = await File.ReadAllBytesAsync(path, ct);
        return Decode(path, bytes);
    }

    private static ImportException TooBig(string file, long bytes)
    {
        var error = Error(0, string.Empty, ProblemCode.FileTooLarge, ("bytes", bytes.ToString("N0", CultureInfo.InvariantCulture)), ("limit", MaxFileBytes.ToString("N0", CultureInfo.InvariantCulture)));
        return new ImportException($"{file}: {error.Problem}", null, [error]);
    }

    /// <summary>
    /// UTF-8 (with or without a byte order mark), or GBK as Excel on Chinese Windows saves "CSV (逗号分隔)":
    /// a file that is not UTF-8, has no byte order mark and whose every non-ASCII byte pair is a GB2312
    /// character is read as GB18030. Anything else (UTF-16, Latin-1, GBK with rarer characters) is refused
    /// with the line of the first bad byte rather than imported as mangled names.
    /// </summary>
    public static string Decode(string path, byte[] bytes)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException ex)
        {
            if (!HasByteOrderMark(bytes) && IsGb2312(bytes))
            {
                return Gb18030.GetString(bytes);
            }

            var line = 1 + bytes.AsSpan(0, Math.Clamp(ex.Index, 0, bytes.Length)).Count((byte)'\n');
            var error = Error(line, string.Empty, ProblemCode.NotUtf8, ("offset", ex.Index), ("line", line));
            throw new ImportException($"{path}: {error.Problem}", ex, [error]);
        }
    }

    private static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
    }

    private static bool HasByteOrderMark(byte[] bytes) =>
        bytes is [0xEF, 0xBB, 0xBF, ..] or [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..];

    // GB2312 (EUC-CN): both bytes 0xA1-0xFE. Latin-1 letters are mostly followed by ASCII, UTF-16 has zero
    // bytes, so neither passes; every common Chinese name and place does.
    private static bool IsGb2312(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                if (b == 0)
                {
                    return false;
                }

                continue;
            }

            if (b < 0xA1 || b == 0xFF || i + 1 >= bytes.Length || bytes[i + 1] < 0xA1 || bytes[i + 1] == 0xFF)
            {
                return false;
            }

            i++;
        }

        return true;
    }

    /// <summary>The rows of a file with their line numbers, and the ids whose active flag the file leaves to storage.</summary>
    private static (List<(T Item, int Line)> Items, HashSet<string> KeepActive) Parse<T>(string file, string text, string[] columns, string[] optionalColumns, Func<CsvRow, T> read)
        where T : class
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
        {
            var error = Error(1, string.Empty, ProblemCode.EmptyFile, ("columns", string.Join(",", columns)));
            throw new ImportException($"{file}: line 1: {error.Problem}", null, [error]);
        }

        var header = csv.HeaderRecord.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = columns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            var expected = $"expected {string.Join(",", columns)}.";
            throw new ImportException($"{file}: line 1: missing column{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing.Select(m => $"'{m}'"))}; {expected}", null,
                [.. missing.Select(m => Error(1, m, ProblemCode.MissingColumn, ("columns", string.Join(",", columns))))]);
        }

        var index = columns.Concat(optionalColumns).ToDictionary(c => c, c => Array.IndexOf(header, c));
        var errors = new List<ImportError>();
        var items = new List<(T, int)>();
        var keepActive = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (csv.Read())
        {
            // RawRow is the record's last line; a quoted field with line breaks started earlier.
            var line = csv.Parser.RawRow - csv.Parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');
            if (csv.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var row = new CsvRow(line, csv, index);
            var item = read(row);
            var id = row.Peek("id");
            if (!string.IsNullOrEmpty(id))
            {
                if (seen.TryGetValue(id, out var firstLine))
                {
                    row.Fail("id", ProblemCode.DuplicateId, ("value", id), ("line", firstLine));
                }
                else
                {
                    seen[id] = line;
                }
            }

            if (row.Errors.Count > 0)
            {
                errors.AddRange(row.Errors);
            }
            else
            {
                items.Add((item, line));
                if (row.Peek(ActiveColumn).Length == 0)
                {
                    keepActive.Add(id);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw Refusal(file, errors);
        }

        return (items, keepActive);
    }

    private static ImportException Refusal(string file, List<ImportError> errors)
    {
        var shown = errors.Take(20).Select(e => $"{file}: line {e.Line}, column '{e.Column}': {e.Problem}").ToList();
        var more = errors.Count > shown.Count ? $"{Environment.NewLine}... and {errors.Count - shown.Count} more" : string.Empty;
        return new ImportException($"{file}: {errors.Count} error{(errors.Count > 1 ? "s" : string.Empty)}, nothing was imported:{Environment.NewLine}{string.Join(Environment.NewLine, shown)}{more}", null, errors);
    }

    private static string Clip(string value) => value.Length > 40 ? value[..40] + "..." : value;

    /// <summary>A problem with its arguments by name, numbers written as the command line writes them.</summary>
    private static ImportError Error(int line, string column, ProblemCode code, params (string Name, object Value)[] args) =>
        new(line, column, code, args.ToDictionary(a => a.Name, a => Convert.ToString(a.Value, CultureInfo.InvariantCulture) ?? string.Empty));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z")]
    private static partial Regex IdPattern();

    /// <summary>One CSV row being validated; collects every problem rather than stopping at the first.</summary>
    private sealed class CsvRow(int line, CsvReader csv, IReadOnlyDictionary<string, int> index)
    {
        public List<ImportError> Errors { get; } = [];

        public string Peek(string column) => !index.ContainsKey(column) || index[column] < 0 ? string.Empty : (csv.GetField(index[column]) ?? string.Empty).Trim();

        public void Fail(string column, ProblemCode code, params (string Name, object Value)[] args) => Errors.Add(Error(line, column, code, args));

        public string Id(string column)
        {
            var value = Peek(column);
            if (!IdPattern().IsMatch(value))
            {
                if (value.Length == 0)
                {
                    Fail(column, ProblemCode.Required);
                }
                else
                {
                    Fail(column, ProblemCode.NotAnId, ("value", Clip(value)));
                }
            }

            return value;
        }

        public string Text(string column, int maxLength)
        {
            var value = Peek(column);
            if (value.Length == 0)
            {
                Fail(column, ProblemCode.Required);
            }
            else if (value.Length > maxLength)
            {
                Fail(column, ProblemCode.TooLong, ("max", maxLength));
            }
            else if (value.Any(char.IsControl))
            {
                Fail(column, ProblemCode.ControlCharacters);
            }

            return value;
        }

        /// <summary>An optional GB/T 2260 administrative code: six digits (110105), or empty.</summary>
        public string AdminCode(string column)
        {
            var value = Peek(column);
            if (value.Length > 0 && (value.Length != 6 || !value.All(char.IsAsciiDigit)))
            {
                Fail(column, ProblemCode.NotAnAdminCode, ("value", Clip(value)));
            }

            return value;
        }

        public string OptionalText(string column, int maxLength)
        {
            var value = Peek(column);
            if (value.Length > maxLength)
            {
                Fail(column, ProblemCode.TooLong, ("max", maxLength));
            }
            else if (value.Any(char.IsControl))
            {
                Fail(column, ProblemCode.ControlCharacters);
            }

            return value;
        }

        public bool OptionalBool(string column, bool missing)
        {
            var value = Peek(column).ToLowerInvariant();
            switch (value)
            {
                case "":
                    return missing;
                case "true" or "yes" or "1":
                    return true;
                case "false" or "no" or "0":
                    return false;
                default:
                    Fail(column, ProblemCode.NotTrueOrFalse, ("value", Clip(value)));
                    return missing;
            }
        }

        public double Latitude(string column) => Number(column, -90, 90);

        public double Longitude(string column) => Number(column, -180, 180);

        public int Int(string column, int min, int max)
        {
            var value = Peek(column);
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            {
                Fail(column, ProblemCode.NotAWholeNumber, ("value", Clip(value)), ("min", min), ("max", max));
            }

            return n;
        }

        public TimeOnly? OptionalTime(string column)
        {
            var value = Peek(column);
            if (value.Length == 0)
            {
                return null;
            }

            if (TimeOnly.TryParseExact(value, ["HH\\:mm", "H\\:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                return t;
            }

            Fail(column, ProblemCode.NotATime, ("value", Clip(value)));
            return null;
        }

        public (string Channel, string Address) Contact(string channelColumn, string addressColumn, WebhookTargets webhookTargets)
        {
            var channel = Peek(channelColumn).ToLowerInvariant();
            var address = Peek(addressColumn);
            if (!Channels.All.Contains(channel))
            {
                Fail(channelColumn, ProblemCode.NotOneOf, ("value", Clip(channel)), ("choices", string.Join(", ", Channels.All)));
            }
            else if (address.Any(char.IsControl))
            {
                // A terminal escape or a line break in a phone number reaches consoles, logs and gateways.
                Fail(addressColumn, ProblemCode.ControlCharacters);
            }
            else if (Channels.Refusal(channel, address, webhookTargets) is { } refusal)
            {
                switch (refusal.Fault)
                {
                    case AddressFault.NotAUrl:
                        Fail(addressColumn, ProblemCode.NotAUrl, ("value", refusal.Shown));
                        break;
                    case AddressFault.RefusedTarget:
                        Fail(addressColumn, ProblemCode.WebhookTargetRefused, ("value", refusal.Shown), ("reason", refusal.Reason));
                        break;
                    case AddressFault.NotAnEmail:
                        Fail(addressColumn, ProblemCode.NotAnEmail, ("value", refusal.Shown));
                        break;
                    case AddressFault.TooLong:
                        Fail(addressColumn, ProblemCode.AddressTooLong, ("max", Channels.MaxConsoleAddress));
                        break;
                    default:
                        Fail(channelColumn, ProblemCode.UnknownChannel, ("value", refusal.Shown), ("choices", string.Join(", ", Channels.All)));
                        break;
                }
            }

            return (channel, address);
        }

        private double Number(string column, double min, double max)
        {
            var value = Peek(column);
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n) || n < min || n > max)
            {
                Fail(column, ProblemCode.NotANumber, ("value", Clip(value)), ("min", min), ("max", max));
            }

            return n;
        }

        private static string Clip(string value) => value.Length > 40 ? value[..40] + "..." : value;
    }
}
