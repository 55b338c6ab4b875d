using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// The admins' dashboard page as the route table serves it. The Dashboard slice sits above Api (it reads the
/// caller from Api's sign-in), so Api names the page by this interface and Dashboard implements it.
/// </summary>
public interface IDashboardPage
{
    IResult Show();
}
