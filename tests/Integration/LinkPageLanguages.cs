using System.Text.RegularExpressions;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Checks that a one-tap link page says everything in both languages: every paragraph in Chinese is followed by its
/// English one, and the title, heading, labels, buttons, links and prefilled values each carry "Chinese / English".
/// A Chinese text may hold no Latin letters but the scenario's data (site names, districts, visit ids); an English
/// text no Chinese characters.
/// </summary>
internal static partial class LinkPageLanguages
{
    /// <summary>Checks an HTML page with the given status, as <see cref="ApiAssert.ShouldBePageAsync"/>, and that it is bilingual.</summary>
    public static async Task<string> ShouldBeLinkPageAsync(this HttpResponseMessage response, int status, IEnumerable<string> data)
    {
        var html = await response.ShouldBePageAsync(status);
        ShouldBeBilingual(html, data);
        return html;
    }

    /// <summary>Every text unit of the page that lacks one language, or mixes the other in; empty when the page is bilingual.</summary>
    public static IReadOnlyList<string> Problems(string html, IEnumerable<string> data)
    {
        var known = data.Where(d => d.Length > 0).OrderByDescending(d => d.Length).ToList();
        var problems = new List<string>();
        void Pair(string where, string zh, string en)
        {
            var bare = VisitId().Replace(known.Aggregate(zh, (text, d) => text.Replace(d, string.Empty, StringComparison.Ordinal)), string.Empty);
            if (!Chinese().IsMatch(zh) || Latin().IsMatch(bare))
            {
                problems.Add($"{where}: the Chinese text is not Chinese: '{zh}'");
            }

            if (!Latin().IsMatch(en) || Chinese().IsMatch(known.Aggregate(en, (text, d) => text.Replace(d, string.Empty, StringComparison.Ordinal))))
            {
                problems.Add($"{where}: the English text is not English: '{en}'");
            }
        }

        void Split(string where, string text)
        {
            var parts = text.Split(" / ");
            if (parts.Length != 2)
            {
                problems.Add($"{where}: not 'Chinese / English': '{text}'");
                return;
            }

            Pair(where, parts[0], parts[1]);
        }

        Split("title", Regex.Match(html, "<title>(.*?)</title>", RegexOptions.Singleline).Groups[1].Value);
        var heading = Regex.Match(html, "<h1>(.*?)<br><span lang=\"en\">(.*?)</span></h1>", RegexOptions.Singleline);
        if (heading.Success)
        {
            Pair("heading", heading.Groups[1].Value, heading.Groups[2].Value);
        }
        else
        {
            problems.Add("heading: no Chinese and English heading");
        }

        var paragraphs = Regex.Matches(html, "<p( lang=\"en\")?>(.*?)</p>", RegexOptions.Singleline).ToList();
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var p = paragraphs[i];
            if (p.Groups[2].Value.Contains("<a ", StringComparison.Ordinal))
            {
                Split("link", Regex.Match(p.Groups[2].Value, "<a [^>]*>(.*?)</a>").Groups[1].Value);
            }
            else if (p.Groups[1].Success)
            {
                problems.Add($"paragraph {i}: English without its Chinese: '{p.Groups[2].Value}'");
            }
            else if (i + 1 < paragraphs.Count && paragraphs[i + 1].Groups[1].Success)
            {
                Pair($"paragraph {i}", p.Groups[2].Value, paragraphs[++i].Groups[2].Value);
            }
            else
            {
                problems.Add($"paragraph {i}: Chinese without its English: '{p.Groups[2].Value}'");
            }
        }

        foreach (Match m in Regex.Matches(html, "<button[^>]*>(.*?)</button>|<label>(.*?)<br>|<input[^>]* value=\"([^\"]*)\"", RegexOptions.Singleline))
        {
            Split("control", m.Groups.Values.Skip(1).First(g => g.Success).Value);
        }

        if (Regex.IsMatch(html, "<(textarea|select)[^>]*placeholder=", RegexOptions.Singleline))
        {
            problems.Add("a text placeholder the check cannot read");
        }

        return problems;
    }

    public static void ShouldBeBilingual(string html, IEnumerable<string> data)
    {
        var problems = Problems(html, data);
        problems.ShouldBeEmpty($"every text of a link page is in Chinese and English:\n{string.Join("\n", problems)}\n{html}");
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    [GeneratedRegex("[A-Za-z]")]
    private static partial Regex Latin();

    [GeneratedRegex(@"[A-Z][A-Z0-9-]*_\d{8}")]
    private static partial Regex VisitId();
}
