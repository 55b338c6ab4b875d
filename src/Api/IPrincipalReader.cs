using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>Reads the caller of a request. Each host registers the reader that fits how it is fronted.</summary>
public interface IPrincipalReader
{
    SignIn Read(HttpRequest request);
}
