using System.Text;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// Hostile strings and JSON for fuzzing, drawn from a seeded <see cref="Random"/>: the same seed sends the
/// same cases on every run, so a failure names a case that can be replayed.
/// </summary>
public sealed class HostileValues(int seed)
{
    /// <summary>A million characters: far past every size limit the service has.</summary>
    public static readonly string OneMegabyte = new('A', 1024 * 1024);

    /// <summary>10,000 levels of nesting.</summary>
    public static readonly string DeepJson = new string('[', 10_000) + new string(']', 10_000);

    /// <summary>Strings that have broken parsers, table keys, OData filters, paths and pages elsewhere.</summary>
    public static readonly IReadOnlyList<string> Strings =
    [
        " ", "null", "undefined", "0", "-1", "2147483648", "-9223372036854775809", "1e400", "NaN", "Infinity", "true", "[]", "{}", "\"\"",
        "' or '1' eq '1", "x' or PartitionKey ne '", "S1' or RowKey ne '", "') or true or ('", "$filter=PartitionKey ne ''", "Kind ne ''",
        "../../../etc/passwd", "..\\..\\windows\\win.ini", "..", ".", "%2e%2e%2f", "....//....//", "/etc/passwd", "C:\\boot.ini", "file:///etc/passwd",
        "a/b", "a\\b", "a#b", "a?b", "a\0b", "\0", "\u0001\u001f\u007f", "\t\r\n", "a\u0085b", "a\u2028b", "a\rSet-Cookie: x=y",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1", "-1+1",
        "\ud800", "\udfff", "a\ud800b", "\uffff", "\ufeffS1", "\u202eS1", "😀", "中文工地", "S1\u200b", "ＳＩ", "İ", "ß",
        "%00", "%", "%zz", "%C0%AF", "%FF%FE", "+", "&", "=", ";", ",", "a,b", "*", "?", "#",
        "${jndi:ldap://x/a}", "{{7*7}}", "%s%s%s%n", "'; DROP TABLE Visits; --", "\" OR \"\"=\"", "admin", "Administrator",
        "S1_20269999", "S1_2026071", "_20260715", "S1__20260715", "S1_20260715_", "S1 20260715", "s1_20260715",
        new string('a', 129), new string('a', 1024), new string('x', 10_000), new string('\'', 300), new string('%', 100),
    ];

    private static readonly string Troublesome = "/\\#?\0\u0001\u001f\u007f'\"%&=+ .<>{}[]:_-\ud800\udfff\uffff\ufeff中aZ09\t\n";

    private readonly Random _random = new(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>One hostile string: a known one, a mix of troublesome characters, or a known one around a real value.</summary>
    public string String(string? real = null)
    {
        switch (_random.Next(10))
        {
            case < 6:
                return Pick(Strings);
            case < 8:
                var chars = new char[1 + _random.Next(40)];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = Troublesome[_random.Next(Troublesome.Length)];
                }

                return new string(chars);
            default:
                var around = real ?? "S1_20260715";
                return _random.Next(3) switch
                {
                    0 => around + Pick(Strings),
                    1 => Pick(Strings) + around,
                    _ => around.Insert(_random.Next(around.Length), Pick(Strings)),
                };
        }
    }

    /// <summary>A JSON value of a wrong or hostile kind for any field.</summary>
    public string JsonValue() => _random.Next(12) switch
    {
        0 => "null",
        1 => "42",
        2 => "-1",
        3 => "1e400",
        4 => "true",
        5 => "[]",
        6 => "{\"$ne\":\"\"}",
        7 => "\"" + JsonEscape(String()) + "\"",
        8 => "\"\\ud800\"",
        9 => "2147483648",
        10 => "\"" + new string('x', 70_000) + "\"",
        _ => "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]",
    };

    /// <summary>A JSON object with the given fields, some of them wrong, missing, doubled or joined by unknown ones.</summary>
    public string JsonObject(IReadOnlyList<(string Name, string ValidValue)> fields)
    {
        var parts = new List<string>();
        foreach (var (name, valid) in fields)
        {
            switch (_random.Next(6))
            {
                case 0:
                    break;
                case 1:
                    parts.Add($"\"{name}\":{valid}");
                    break;
                case 2:
                    parts.Add($"\"{name}\":{valid},\"{name}\":{JsonValue()}");
                    break;
                default:
                    parts.Add($"\"{name}\":{JsonValue()}");
                    break;
            }
        }

        if (Chance(0.2))
        {
            parts.Add($"\"{JsonEscape(String())}\":{JsonValue()}");
        }

        if (Chance(0.1))
        {
            parts.Insert(0, "\"$type\":\"System.IO.FileInfo\"");
        }

        return "{" + string.Join(",", parts.OrderBy(_ => _random.Next())) + "}";
    }

    /// <summary>Raw body bytes that are not a usable JSON object: not JSON, too deep, too big, not UTF-8.</summary>
    public byte[] BrokenJson(IReadOnlyList<(string Name, string ValidValue)> fields)
    {
        var valid = "{" + string.Join(",", fields.Select(f => $"\"{f.Name}\":{f.ValidValue}")) + "}";
        return _random.Next(14) switch
        {
            0 => [],
            1 => Encoding.UTF8.GetBytes("null"),
            2 => Encoding.UTF8.GetBytes("[" + valid + "]"),
            3 => Encoding.UTF8.GetBytes(DeepJson),
            4 => Encoding.UTF8.GetBytes("{\"" + fields[0].Name + "\":" + DeepJson + "}"),
            5 => Encoding.UTF8.GetBytes("{\"" + fields[0].Name + "\":\"" + OneMegabyte + "\"}"),
            6 => [.. Encoding.UTF8.GetBytes("{\"" + fields[0].Name + "\":\""), 0xFF, 0xFE, 0xC0, 0xAF, .. Encoding.UTF8.GetBytes("\"}")],
            7 => Encoding.Unicode.GetBytes(valid),
            8 => Encoding.UTF8.GetBytes(valid[..^1]),
            9 => Encoding.UTF8.GetBytes(valid + valid),
            10 => Encoding.UTF8.GetBytes(valid.Replace("\"", "'", StringComparison.Ordinal)),
            11 => Encoding.UTF8.GetBytes("{\"" + fields[0].Name + "\":\"\\ud800\"}"),
            12 => Encoding.UTF8.GetBytes("{\"" + fields[0].Name + "\":\"a\\u0000b\"}"),
            _ => Encoding.UTF8.GetBytes(String()),
        };
    }

    /// <summary>A string as the body of a JSON string literal.</summary>
    public static string JsonEscape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or (>= '\ud800' and <= '\udfff') => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
