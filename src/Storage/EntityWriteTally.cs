using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;

namespace HeatRelief.Storage;

/// <summary>
/// Counts the table entities written (inserted, replaced, merged or deleted; each entity of a batch counts), by table
/// and partition, for the benchmark's <c>entityWritesPerNotification</c> and <c>maxPartitionWriteShare</c>. Off unless
/// <see cref="Enabled"/>: then it reads each table write request's URL and, for inserts and batches, its body.
/// </summary>
public sealed partial class EntityWriteTally
{
    private readonly ConcurrentDictionary<string, long> _byPartition = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _requestsByTable = new(StringComparer.Ordinal);

    public bool Enabled { get; set; }

    /// <summary>Entity writes so far, keyed "Table/PartitionKey".</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_byPartition, StringComparer.Ordinal);

    /// <summary>Table requests so far (reads and writes; a batch is one request, under its first entity's table), keyed "Table METHOD".</summary>
    public IReadOnlyDictionary<string, long> RequestsByTable() => new Dictionary<string, long>(_requestsByTable, StringComparer.Ordinal);

    public void Record(Request request)
    {
        if (!Enabled)
        {
            return;
        }

        var path = Uri.UnescapeDataString(request.Uri.Path);
        if (request.Method == RequestMethod.Get || request.Method == RequestMethod.Head)
        {
            CountRequest(TableOf(path), request.Method);
            return;
        }

        if (path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            using var body = new MemoryStream();
            request.Content?.WriteTo(body, CancellationToken.None);
            var first = true;
            foreach (var (table, partition) in BatchWrites(Encoding.UTF8.GetString(body.ToArray())))
            {
                if (first)
                {
                    CountRequest(table, request.Method);
                    first = false;
                }

                Add(table, partition);
            }

            return;
        }

        CountRequest(TableOf(path), request.Method);

        if (EntityPath().Match(path) is { Success: true } entity)
        {
            Add(entity.Groups["table"].Value, entity.Groups["pk"].Value.Replace("''", "'", StringComparison.Ordinal));
        }
        else if (request.Method == RequestMethod.Post && TablePath().Match(path) is { Success: true } insert && insert.Groups["table"].Value != "Tables")
        {
            using var body = new MemoryStream();
            request.Content?.WriteTo(body, CancellationToken.None);
            Add(insert.Groups["table"].Value, PartitionOf(Encoding.UTF8.GetString(body.ToArray())));
        }
    }

    /// <summary>The table and partition of each operation of a batch body (multipart, one request line per entity).</summary>
    public static IEnumerable<(string Table, string Partition)> BatchWrites(string body)
    {
        var lines = body.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (RequestLine().Match(lines[i].TrimEnd('\r')) is not { Success: true } line)
            {
                continue;
            }

            var path = Uri.UnescapeDataString(new Uri(line.Groups["url"].Value).AbsolutePath);
            if (EntityPath().Match(path) is { Success: true } entity)
            {
                yield return (entity.Groups["table"].Value, entity.Groups["pk"].Value.Replace("''", "'", StringComparison.Ordinal));
            }
            else if (TablePath().Match(path) is { Success: true } insert)
            {
                // An insert: the entity's JSON follows its headers.
                var json = new StringBuilder();
                for (var j = i + 1; j < lines.Length && !lines[j].StartsWith("--", StringComparison.Ordinal); j++)
                {
                    json.Append(lines[j]);
                }

                yield return (insert.Groups["table"].Value, PartitionOf(json.ToString()));
            }
        }
    }

    private static string PartitionOf(string json) =>
        PartitionProperty().Match(json) is { Success: true } m ? System.Text.Json.JsonSerializer.Deserialize<string>("\"" + m.Groups["pk"].Value + "\"") ?? string.Empty : string.Empty;

    /// <summary>The table a request's path names: its last segment up to "(" ("/account/Sites(PartitionKey=...)" is Sites).</summary>
    private static string TableOf(string path)
    {
        var segment = path[(path.LastIndexOf('/') + 1)..];
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? segment : segment[..paren];
    }

    private void CountRequest(string table, RequestMethod method) => _requestsByTable.AddOrUpdate($"{table} {method.Method}", 1, (_, n) => n + 1);

    private void Add(string table, string partition) => _byPartition.AddOrUpdate(table + "/" + partition, 1, (_, n) => n + 1);

    [GeneratedRegex(@"^(POST|PUT|PATCH|MERGE|DELETE) (?<url>\S+) HTTP/1\.1$")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"/(?<table>[A-Za-z][A-Za-z0-9]*)\(PartitionKey='(?<pk>(?:[^']|'')*)',\s*RowKey='(?:[^']|'')*'\)$")]
    private static partial Regex EntityPath();

    [GeneratedRegex(@"/(?<table>[A-Za-z][A-Za-z0-9]*)$")]
    private static partial Regex TablePath();

    [GeneratedRegex("\"PartitionKey\"\\s*:\\s*\"(?<pk>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex PartitionProperty();
}
