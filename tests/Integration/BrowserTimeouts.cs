using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// The browser tests check what a page shows, not how fast: Playwright's default of 5 s for an expectation made the
/// dashboard's map test fail on a machine with both cores busy (the site list was drawn, only later). Speed is the
/// bench's business (docs/PERFORMANCE.md); an expectation waits up to 30 s here, as Playwright's actions already do.
/// </summary>
internal static class BrowserTimeouts
{
    [ModuleInitializer]
    internal static void WaitLikeActions() => Assertions.SetDefaultExpectTimeout(30_000);
}
