using System.Text.Json;
using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Heat;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.Visits;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// What a day's pass adds to its offers (the site's acknowledgement), read for a chunk of offers at once: each offer
/// carries its own site's case, and a failed read of them together leaves each offer to read its own.
/// </summary>
public sealed class OfferAdditionsTests(AzuriteFixture azurite)
{
    private static readonly string Day = Alert.DateKeyOf(VisitScenario.Day);

    [Fact]
    public async Task DayPass_EachOfferCarriesItsOwnSitesAcknowledgement()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = new TestServices(azurite);
        var counter = services.Get<StorageRequestCounter>();
        var body = await ArrangeAsync(services, webhooks, ct);

        var acks = (await services.Get<StorageClients>().TableAsync(TableNames.Acks, ct)).Name;
        counter.EntityWrites.Enabled = true;
        await services.Get<VisitService>().HandleAsync(body, 1, "day", ct);
        var acksRead = counter.EntityWrites.RequestsByTable().GetValueOrDefault($"{acks} GET");

        var offers = Offers(webhooks);
        offers.Keys.Order().ToList().ShouldBe(["S0", "S1", "S2", "S3"], customMessage: "every site's visit offered to the one officer");
        offers["S0"].GetProperty("siteAcknowledgement").GetProperty("answered").GetBoolean().ShouldBeTrue("S0 answered");
        offers["S0"].GetProperty("siteAcknowledgement").GetProperty("measures").EnumerateArray().Select(m => m.GetString()).ShouldBe(["water-shade-rest"]);
        offers["S0"].GetProperty("siteAcknowledgement").GetProperty("outdoorWorkersNow").GetInt32().ShouldBe(3);
        offers["S1"].GetProperty("siteAcknowledgement").GetProperty("answered").GetBoolean().ShouldBeFalse("S1 was asked and has not answered");
        offers["S2"].TryGetProperty("siteAcknowledgement", out _).ShouldBeFalse("S2 was never asked");
        offers["S3"].GetProperty("siteAcknowledgement").GetProperty("outdoorWorkersNow").GetInt32().ShouldBe(0, "S3's own answer, not S0's");

        // The cases are read in one query for the chunk, not one read per offer (which made this 4).
        acksRead.ShouldBe(1, "the acknowledgement cases are read once for the four offers");
    }

    [Fact]
    public async Task DayPass_AdditionsNotReadTogether_EachOfferReadsItsOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = new TestServices(azurite, configure: s => s.AddSingleton<IOfferAddendum, FailsTogether>());
        var body = await ArrangeAsync(services, webhooks, ct);

        await services.Get<VisitService>().HandleAsync(body, 1, "day", ct);

        var offers = Offers(webhooks);
        offers.Count.ShouldBe(4, "the offers still go out");
        offers.Values.ShouldAllBe(o => o.GetProperty("probe").GetString() == "one by one", "each offer read its own additions");
        offers["S0"].GetProperty("siteAcknowledgement").GetProperty("answered").GetBoolean().ShouldBeTrue();
        offers["S1"].GetProperty("siteAcknowledgement").GetProperty("answered").GetBoolean().ShouldBeFalse();
        (await VisitScenario.VisitsAsync(services.Provider, ct)).ShouldAllBe(v => v.Value.NotifiedAt != null, "every offer recorded as sent");
    }

    /// <summary>Four sites, one officer on the sink: S0 and S3 answered (3 and 0 outdoors), S1 asked, S2 never asked. Returns the day's message.</summary>
    private static async Task<string> ArrangeAsync(TestServices services, WebhookSink webhooks, CancellationToken ct)
    {
        var directory = services.Get<SiteDirectory>();
        var sites = Enumerable.Range(0, 4).Select(i => VisitScenario.Site($"S{i}", "Chaoyang", 39.90 + (i * 0.001), 116.44, 10 + i)).ToList();
        await directory.UpsertSitesAsync(sites, ct);
        await directory.UpsertOfficersAsync([VisitScenario.Officer("A", "Chaoyang", 39.91, 116.44, 10, "webhook", webhooks.Url("/officers/A"))], ct);
        var alerts = sites.Select(s => VisitScenario.AlertFor(s.Id, HeatLevel.Orange)).ToList();
        await services.Get<AlertStore>().InsertIfAbsentAsync(Day, alerts, ct);
        var at = services.Clock.GetUtcNow();
        await services.Get<AckStore>().InsertAllAsync([
            AckCase.Open(alerts[0]) with { Answer = new AckAnswer("R1", [AckMeasure.WaterShadeRest], null, 3, at) },
            AckCase.Open(alerts[1]),
            AckCase.Open(alerts[3]) with { Answer = new AckAnswer("R2", [AckMeasure.HoursLimited], null, 0, at) },
        ], ct);
        var stored = (await directory.ListSitesAsync(ct)).ToDictionary(s => s.Id);
        await services.Get<VisitRequests>().RequestDayAsync(Day, [.. alerts.Select(a => (a, stored[a.SiteId]))], ct);
        var queue = await services.Get<StorageClients>().QueueAsync(QueueNames.VisitRequests, ct);
        return (await queue.ReceiveMessagesAsync(32, cancellationToken: ct)).Value.ShouldHaveSingleItem().Body.ToString();
    }

    /// <summary>Each offer's webhook data, by its site.</summary>
    private static Dictionary<string, JsonElement> Offers(WebhookSink webhooks) =>
        webhooks.Calls.Where(c => c.IdempotencyKey?.EndsWith(":offer", StringComparison.Ordinal) == true)
            .Select(c => c.Body.GetProperty("data"))
            .ToDictionary(d => d.GetProperty("siteId").GetString()!);

    /// <summary>An addendum whose read of many offers fails; one offer at a time it adds a probe.</summary>
    private sealed class FailsTogether : IOfferAddendum
    {
        public Task<OfferAddition?> ForAsync(Visit visit, string language, CancellationToken ct) =>
            Task.FromResult<OfferAddition?>(new OfferAddition("Probe.", "probe", "one by one"));

        public Task<IReadOnlyDictionary<string, OfferAddition>> ForManyAsync(IReadOnlyList<(Visit Visit, string Language)> offers, CancellationToken ct) =>
            throw new InvalidOperationException("storage unreachable");
    }
}
