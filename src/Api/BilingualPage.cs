using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// A small phone-first HTML page in which every line is given in Chinese and then in English: the pages behind
/// links sent to people who may read either.
/// </summary>
public static class BilingualPage
{
    public static IResult Show(int status, Bilingual title, IReadOnlyList<Bilingual> lines, string extraHtml = "") => Results.Content(
        $"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{Html(title.Zh)} / {Html(title.En)}</title>"
        + "<style>body{font-family:sans-serif;margin:1.5em;max-width:34em}button{font-size:1.2em;padding:.6em 1em;margin-top:1em}"
        + "input,textarea{font-size:1.1em;margin:.3em 0;max-width:100%}label{display:block;margin:.5em 0}p[lang=en],h1 span,span[lang=en]{color:#444}</style></head>"
        + $"<body><h1>{Html(title.Zh)}<br><span lang=\"en\">{Html(title.En)}</span></h1>"
        + string.Concat(lines.Select(l => $"<p>{Html(l.Zh)}</p><p lang=\"en\">{Html(l.En)}</p>"))
        + $"{extraHtml}</body></html>",
        "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>A label in both languages: <c>中文 / English</c>.</summary>
    public static string Label(Bilingual text) => $"{Html(text.Zh)} <span lang=\"en\">/ {Html(text.En)}</span>";

    public static string Html(string text) => WebUtility.HtmlEncode(text);
}
