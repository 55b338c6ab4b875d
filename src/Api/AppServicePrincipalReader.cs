using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// Azure: App Service Authentication signs the user in, strips any client-sent copy of the header and sets
/// its own, so the header is trusted as it is. Only for hosts behind App Service Authentication.
/// </summary>
public sealed class AppServicePrincipalReader : IPrincipalReader
{
    public SignIn Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(ClientPrincipal.HeaderName, out var value) || string.IsNullOrEmpty(value))
        {
            return SignIn.Anonymous;
        }

        var caller = ClientPrincipal.Decode(value.ToString())?.ToCaller();
        return caller is null ? new SignIn(null, "the client principal header is not a principal") : new SignIn(caller, null);
    }
}
