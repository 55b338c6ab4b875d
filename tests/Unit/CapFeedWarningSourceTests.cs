using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Warnings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Tests.Unit;

/// <summary>The <c>cap-feed</c> source against a fake feed on loopback: Atom and RSS, relative links, bad entries rejected by address, a failing feed.</summary>
public sealed class CapFeedWarningSourceTests
{
    private static readonly Site[] Sites = [new("S1", "工地", "测试区", 39.9, 116.4, "construction", 10)];
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    internal static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // No retries and short attempts: a failure shows at once.
            ["Warnings:RetryAttempts"] = "0",
            ["Warnings:RequestTimeoutSeconds"] = "5",
        }).AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddWarnings(configuration);
        return services.BuildServiceProvider();
    }

    private static IWarningSource Source(ServiceProvider provider) => provider.GetRequiredService<IWarningSource>();

    private static ServiceProvider FeedProvider(string feedUrl, params (string Key, string Value)[] more) =>
        Provider(new Dictionary<string, string?>(more.Select(m => KeyValuePair.Create(m.Key, (string?)m.Value)))
        {
            ["Warnings:Source"] = "cap-feed",
            ["Warnings:FeedUrl"] = feedUrl,
        });

    private static void PutCap(FakeCapFeed feed, string path, string file) =>
        feed.Put(path, File.ReadAllText(CapParserTests.CapFile(file)));

    private static string Atom(params string[] entries) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <id>urn:test:feed</id>
          <title>测试市气象台 CAP</title>
          <updated>2026-07-15T10:30:00+08:00</updated>
          <link rel="self" href="http://example.invalid/feeds/cap.atom"/>
          {string.Join(Environment.NewLine, entries)}
        </feed>
        """;

    private static string AtomEntry(string id, string links, string updated = "2026-07-15T10:30:00+08:00") =>
        $"<entry><id>{id}</id><title>{id}</title><updated>{updated}</updated>{links}</entry>";

    [Fact]
    public async Task CapFeed_Atom_FetchesLinkedDocuments_RejectsBadEntriesByAddress_AndTheOthersCount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var feed = await FakeCapFeed.StartAsync();
        PutCap(feed, "docs/heat-orange-alert.xml", "heat-orange-alert.xml");
        PutCap(feed, "docs/heat-red-update.xml", "heat-red-update.xml");
        PutCap(feed, "docs/not-xml.xml", "not-xml.xml");
        PutCap(feed, "docs/polygon-open.xml", "polygon-open.xml");
        feed.Put("feeds/cap.atom", Atom(
            // Relative to the feed's address, the CAP type preferred over the page.
            AtomEntry("orange", """<link rel="alternate" type="text/html" href="/page.html"/><link rel="related" type="application/cap+xml" href="../docs/heat-orange-alert.xml"/>"""),
            // No CAP type: the alternate link of an XML type, not the page.
            AtomEntry("red", """<link rel="alternate" type="text/html" href="/page.html"/><link rel="alternate" type="application/xml" href="/docs/heat-red-update.xml"/>"""),
            AtomEntry("gone", """<link type="application/cap+xml" href="/docs/missing.xml"/>"""),
            AtomEntry("garbage", """<link type="application/cap+xml" href="/docs/not-xml.xml"/>"""),
            AtomEntry("open", """<link type="application/cap+xml" href="/docs/polygon-open.xml"/>"""),
            AtomEntry("nolink", string.Empty)), "application/atom+xml");
        await using var provider = FeedProvider(feed.Url("feeds/cap.atom"));

        var fetch = await Source(provider).FetchAsync(Sites, ct);

        Source(provider).Name.ShouldBe("cap-feed");
        fetch.Documents.Select(d => d.Identifier).ShouldBe(["T-ORANGE", "T-RED"], ignoreOrder: true);
        fetch.Documents.Select(d => d.Source).ShouldBe([feed.Url("docs/heat-orange-alert.xml"), feed.Url("docs/heat-red-update.xml")], ignoreOrder: true);
        var rejected = fetch.Rejected.ToDictionary(r => r.Source, r => r.Problem);
        rejected.Keys.ShouldBe([feed.Url("docs/missing.xml"), feed.Url("docs/not-xml.xml"), feed.Url("docs/polygon-open.xml"), feed.Url("feeds/cap.atom") + " entry 6 (nolink)"], ignoreOrder: true);
        rejected[feed.Url("docs/missing.xml")].ShouldBe("HTTP 404 Not Found");
        rejected[feed.Url("docs/not-xml.xml")]!.ShouldStartWith("not well-formed XML");
        rejected[feed.Url("docs/polygon-open.xml")]!.ShouldContain("not closed");
        rejected[feed.Url("feeds/cap.atom") + " entry 6 (nolink)"].ShouldBe("no link to a CAP document");
        feed.Count("page.html").ShouldBe(0);

        // The documents read from the feed go through the lifecycle as any CAP: the update supersedes the alert.
        var book = new WarningBook(fetch.Documents, new HeatClassifier(new WarningsOptions()), Beijing);
        var inForce = book.InForce(39.9, 116.4, null, new DateOnly(2026, 7, 15));
        inForce.Select(w => (w.Document.Identifier, w.Level)).ShouldBe([("T-RED", HeatLevel.Red)]);
        book.Entries.Single(e => e.Document.Identifier == "T-ORANGE").State.ShouldBe(WarningState.Superseded);
    }

    [Fact]
    public async Task CapFeed_Rss_ReadsEnclosuresAndLinks_ResolvedAgainstTheFeed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var feed = await FakeCapFeed.StartAsync();
        PutCap(feed, "rss/docs/heat-orange-alert.xml", "heat-orange-alert.xml");
        PutCap(feed, "rss/heat-cancel.xml", "heat-cancel.xml");
        feed.Put("rss/feed.xml", """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0">
              <channel>
                <title>CAP</title>
                <link>http://example.invalid/</link>
                <description>test</description>
                <item><title>orange</title><link>/elsewhere.html</link><enclosure url="docs/heat-orange-alert.xml" type="application/cap+xml" length="1"/><guid>o</guid><pubDate>Tue, 14 Jul 2026 09:30:00 GMT</pubDate></item>
                <item><title>cancel</title><link>heat-cancel.xml</link><guid>c</guid></item>
                <item><title>gone</title><link>missing.xml</link></item>
              </channel>
            </rss>
            """, "application/rss+xml");
        await using var provider = FeedProvider(feed.Url("rss/feed.xml"));

        var fetch = await Source(provider).FetchAsync(Sites, ct);

        fetch.Documents.Select(d => d.Source).ShouldBe([feed.Url("rss/docs/heat-orange-alert.xml"), feed.Url("rss/heat-cancel.xml")], ignoreOrder: true);
        fetch.Rejected.Single().Source.ShouldBe(feed.Url("rss/missing.xml"));
        fetch.Rejected.Single().Problem.ShouldBe("HTTP 404 Not Found");
        feed.Count("elsewhere.html").ShouldBe(0);
    }

    [Fact]
    public async Task CapFeed_FeedDown_FailsTheSourceNamingTheFeedWithoutItsKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var nothingListens = $"http://127.0.0.1:{FreePorts.Next()}/feeds/cap.atom";
        await using var provider = FeedProvider(nothingListens + "?key=s3cret");

        var failure = await Should.ThrowAsync<WarningSourceException>(() => Source(provider).FetchAsync(Sites, ct));

        failure.Message.ShouldStartWith($"CAP feed {nothingListens}?... could not be read: ");
        failure.Message.ShouldNotContain("s3cret");
        failure.Message.ShouldNotContain("\n");
    }

    [Theory]
    [InlineData(503, null, "answered HTTP 503 Service Unavailable")]
    [InlineData(200, "this is not a feed", "is not well-formed XML")]
    [InlineData(200, """<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]><feed xmlns="http://www.w3.org/2005/Atom">&x;</feed>""", "contains a DTD")]
    [InlineData(200, """<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>""", "is neither Atom nor RSS 2.0")]
    public async Task CapFeed_FeedUnusable_FailsTheSourceWithOneLine(int status, string? body, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var feed = await FakeCapFeed.StartAsync();
        if (body is null)
        {
            feed.Fail("feed", status);
        }
        else
        {
            feed.Put("feed", body, "application/xml");
        }

        await using var provider = FeedProvider(feed.Url("feed"));

        var failure = await Should.ThrowAsync<WarningSourceException>(() => Source(provider).FetchAsync(Sites, ct));

        failure.Message.ShouldStartWith($"CAP feed {feed.Url("feed")} ");
        failure.Message.ShouldContain(reason);
        failure.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task CapFeed_SecondPoll_RefetchesOnlyEntriesWhoseStampChanged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var feed = await FakeCapFeed.StartAsync();
        PutCap(feed, "a.xml", "heat-orange-alert.xml");
        PutCap(feed, "b.xml", "heat-red-update.xml");
        string Feed(string bStamp) => Atom(
            AtomEntry("a", """<link type="application/cap+xml" href="a.xml"/>"""),
            AtomEntry("b", """<link type="application/cap+xml" href="b.xml"/>""", bStamp));
        feed.Put("feed", Feed("2026-07-15T10:30:00+08:00"), "application/atom+xml");
        await using var provider = FeedProvider(feed.Url("feed"));

        (await Source(provider).FetchAsync(Sites, ct)).Documents.Count.ShouldBe(2);
        (await Source(provider).FetchAsync(Sites, ct)).Documents.Count.ShouldBe(2);
        feed.Put("feed", Feed("2026-07-15T11:00:00+08:00"), "application/atom+xml");
        var third = await Source(provider).FetchAsync(Sites, ct);

        third.Documents.Select(d => d.Identifier).ShouldBe(["T-ORANGE", "T-RED"], ignoreOrder: true);
        feed.Count("feed").ShouldBe(3);
        feed.Count("a.xml").ShouldBe(1, "its entry never changed");
        feed.Count("b.xml").ShouldBe(2, "its entry's updated stamp changed once");
    }

    [Fact]
    public async Task CapFeed_MoreEntriesThanTheLimit_ReadsTheFirstAndSaysSo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var feed = await FakeCapFeed.StartAsync();
        PutCap(feed, "a.xml", "heat-orange-alert.xml");
        PutCap(feed, "b.xml", "heat-red-update.xml");
        PutCap(feed, "c.xml", "heat-cancel.xml");
        feed.Put("feed", Atom(
            AtomEntry("a", """<link type="application/cap+xml" href="a.xml"/>"""),
            AtomEntry("b", """<link type="application/cap+xml" href="b.xml"/>"""),
            AtomEntry("c", """<link type="application/cap+xml" href="c.xml"/>""")), "application/atom+xml");
        await using var provider = FeedProvider(feed.Url("feed"), ("Warnings:MaxFeedEntries", "2"));

        var fetch = await Source(provider).FetchAsync(Sites, ct);

        fetch.Documents.Count.ShouldBe(2);
        feed.Count("c.xml").ShouldBe(0);
        fetch.Rejected.Single().Problem.ShouldBe("the feed has 3 entries; only the first 2 were read (Warnings__MaxFeedEntries)");
    }

    [Fact]
    public void CapFeedReader_NonHttpLink_IsNotFollowed()
    {
        var entries = CapFeedReader.Read(System.Text.Encoding.UTF8.GetBytes(Atom(
            AtomEntry("file", """<link type="application/cap+xml" href="file:///etc/passwd"/>"""),
            AtomEntry("based", """<link xml:base="https://cap.example.org/warnings/" type="application/cap+xml" href="x.xml"/>"""))), new Uri("https://feeds.example.org/a/feed.atom"));

        entries[0].Link.ShouldBeNull();
        entries[0].Problem.ShouldBe("'file:///etc/passwd' is not an http or https link: not followed");
        entries[1].Link.ShouldBe(new Uri("https://cap.example.org/warnings/x.xml"));
    }

    [Fact]
    public void CapFeedReader_Gb18030Feed_IsRead()
    {
        // The code page comes from the provider itself, not registered here: the reader must register it to read the feed.
        var gb18030 = System.Text.CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!;
        var xml = Atom(AtomEntry("北京市气象台", """<link type="application/cap+xml" href="w.xml"/>""")).Replace("utf-8", "GB18030", StringComparison.Ordinal);

        var entries = CapFeedReader.Read(gb18030.GetBytes(xml), new Uri("https://feeds.example.org/feed.atom"));

        entries.Single().Name.ShouldBe("https://feeds.example.org/feed.atom entry 1 (北京市气象台)");
        entries.Single().Link.ShouldBe(new Uri("https://feeds.example.org/w.xml"));
    }
}
