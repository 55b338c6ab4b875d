namespace HeatRelief.Warnings;

/// <summary>
/// An address as audits, notices and rejections show it: without user name, password or query, which may hold a key
/// (<c>?key=...</c> becomes <c>?...</c>), so naming a feed or document never discloses its credentials.
/// </summary>
internal static class UrlText
{
    public static string Shown(Uri uri) =>
        uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) + (uri.Query.Length > 1 ? "?..." : string.Empty);
}
