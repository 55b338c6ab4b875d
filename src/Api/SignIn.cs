namespace HeatRelief.Api;

/// <summary>Who is calling, or why the caller cannot be believed.</summary>
public sealed record SignIn(Caller? Caller, string? Problem)
{
    public static readonly SignIn Anonymous = new(null, null);
}
