using System.Buffers.Text;
using System.Text;
using Azure.Data.Tables;
using HeatRelief.Audit;
using HeatRelief.Review;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>Reading the audit log back: local-day ranges, filters, paging tokens, and bad input refused as such.</summary>
public sealed class AuditQueryTests(AzuriteFixture azurite)
{
    // The clock of TestServices: 2026-07-15 02:00 UTC, 10:00 in Asia/Shanghai (the default audit zone).
    private static readonly DateOnly Today = new(2026, 7, 15);
    private static readonly DateOnly Yesterday = Today.AddDays(-1);

    [Fact]
    public async Task AuditQuery_NoDates_ReadsTodayInTheAuditZoneNewestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<AuditLog>().WriteManyAsync(
        [
            Record("2026-07-14T15:30:00Z", AuditKinds.AlertRaised, "23:30 local, yesterday"),
            Record("2026-07-14T16:30:00Z", AuditKinds.AlertRaised, "00:30 local, today"),
            Record("2026-07-15T01:00:00Z", AuditKinds.AlertEscalated, "09:00 local, today"),
        ], ct);

        var page = await services.Get<AuditQuery>().QueryAsync(new AuditFilter(), ct);

        page.Records.Select(r => r.Message).ShouldBe(["09:00 local, today", "00:30 local, today"]);
        page.Records[0].Time.ShouldBe(DateTimeOffset.Parse("2026-07-15T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        page.Records[0].Time.Offset.ShouldBe(TimeSpan.Zero);
        page.Records[0].Actor.ShouldBe("system");
        page.ContinuationToken.ShouldBeNull();
    }

    [Fact]
    public async Task AuditQuery_EachFilter_SelectsOnlyMatchingRecords()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<AuditLog>().WriteManyAsync(
        [
            Record("2026-07-15T01:00:00Z", AuditKinds.AlertRaised, "S1 red: Heat is on", site: "S1"),
            Record("2026-07-15T01:01:00Z", AuditKinds.AlertRaised, "S2 orange", site: "S2"),
            Record("2026-07-15T01:02:00Z", AuditKinds.VisitAccepted, "O1 accepted the visit to S1", site: "S1", officer: "O1"),
            Record("2026-07-15T01:03:00Z", AuditKinds.VisitDeclined, "O2 declined the visit to S2", site: "S2", officer: "O2"),
            Record("2026-07-14T01:00:00Z", AuditKinds.AlertRaised, "S1 yesterday: heat", site: "S1"),
        ], ct);
        var query = services.Get<AuditQuery>();

        async Task<IEnumerable<string>> Messages(AuditFilter filter) => (await query.QueryAsync(filter, ct)).Records.Select(r => r.Message);

        (await Messages(new(Kind: AuditKinds.AlertRaised))).ShouldBe(["S2 orange", "S1 red: Heat is on"]);
        (await Messages(new(SiteId: "S1"))).ShouldBe(["O1 accepted the visit to S1", "S1 red: Heat is on"]);
        (await Messages(new(OfficerId: "O2"))).ShouldBe(["O2 declined the visit to S2"]);
        (await Messages(new(Text: "HEAT"))).ShouldBe(["S1 red: Heat is on"], "case-insensitive, and today only");
        (await Messages(new(From: Yesterday, Text: "heat"))).ShouldBe(["S1 red: Heat is on", "S1 yesterday: heat"]);
        (await Messages(new(From: Yesterday, To: Yesterday, SiteId: "S1", Kind: AuditKinds.AlertRaised))).ShouldBe(["S1 yesterday: heat"]);
        (await Messages(new(SiteId: "S3"))).ShouldBeEmpty();
        (await Messages(new(Kind: "visit.*"))).ShouldBe(["O2 declined the visit to S2", "O1 accepted the visit to S1"], "a family of kinds");
        (await Messages(new(Kind: "alert*"))).ShouldBe(["S2 orange", "S1 red: Heat is on"]);
        (await Messages(new(Kind: "visit.acc*"))).ShouldBe(["O1 accepted the visit to S1"]);
        (await Messages(new(Kind: "warning.*"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task AuditQuery_PagesAcrossTwoDays_ReturnEveryRecordOnceNewestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var seeded = new List<AuditRecord>();
        var start = DateTimeOffset.Parse("2026-07-13T17:00:00Z", System.Globalization.CultureInfo.InvariantCulture); // 01:00 on the 14th, local
        for (var i = 0; i < 250; i++)
        {
            // 130 records on the 14th (local), 120 on the 15th, ten minutes apart; every third mentions water.
            var time = i < 130 ? start.AddMinutes(i * 10) : start.AddDays(1).AddMinutes((i - 130) * 10);
            seeded.Add(new AuditRecord(AuditKinds.NotificationDelivered, $"n{i:D3}{(i % 3 == 0 ? " water" : string.Empty)}", SiteId: $"S{i % 4}") { Time = time });
        }

        await services.Get<AuditLog>().WriteManyAsync(seeded, ct);
        var query = services.Get<AuditQuery>();

        var pages = await AllPagesAsync(query, new AuditFilter(From: Yesterday, To: Today), ct);

        pages.Select(p => p.Records.Count).ShouldBe([100, 100, 50]);
        var read = pages.SelectMany(p => p.Records).ToList();
        read.Select(r => r.Message).ShouldBe(seeded.OrderByDescending(r => r.Time).Select(r => r.Message));
        read.Select(r => r.Time).ShouldBeInOrder(SortDirection.Descending);

        // The same with a text filter and a small page: pages stop at the page size, across the day boundary.
        var water = await AllPagesAsync(query, new AuditFilter(From: Yesterday, To: Today, Text: "WATER", PageSize: 7), ct);
        water.SelectMany(p => p.Records).Select(r => r.Message)
            .ShouldBe(seeded.Where(r => r.Message.EndsWith("water", StringComparison.Ordinal)).OrderByDescending(r => r.Time).Select(r => r.Message));
        water.ShouldAllBe(p => p.Records.Count <= 7);
        water.Count.ShouldBe(12, "84 matches in pages of 7");
    }

    [Fact]
    public async Task AuditQuery_TokenWithoutDates_GoesOnFromWhereItStopped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<AuditLog>().WriteManyAsync(
        [
            Record("2026-07-15T01:00:00Z", AuditKinds.AlertRaised, "today 2"),
            Record("2026-07-14T20:00:00Z", AuditKinds.AlertRaised, "today 1"),
            Record("2026-07-14T01:00:00Z", AuditKinds.AlertRaised, "yesterday"),
        ], ct);
        var query = services.Get<AuditQuery>();

        var first = await query.QueryAsync(new AuditFilter(From: Yesterday, PageSize: 2), ct);

        // Midnight passes between the pages: the token, not the clock, says which days are left.
        services.Clock.Advance(TimeSpan.FromDays(1));
        var second = await query.QueryAsync(new AuditFilter(PageSize: 2, ContinuationToken: first.ContinuationToken), ct);
        first.Records.Select(r => r.Message).ShouldBe(["today 2", "today 1"]);
        second.Records.Select(r => r.Message).ShouldBe(["yesterday"]);
        second.ContinuationToken.ShouldBeNull();
    }

    public static TheoryData<string> BadTokens => new()
    {
        "not a token!",
        "bm90IGEgdG9rZW4",
        Token("a1|2026-07-14|2026-07-15|"),
        Token("a2|2026-07-14|2026-07-15|"),
        Token("a1|2026-07-15|2026-07-14|"),
        Token("a1|2026-06-01|2026-07-15|"),
        Token("a1|2026-07-14|2026-07-15|' or 'a' eq 'a"),
        Token("a1|2026-07-14|2026-07-15|9223372036854775807-000-0123456789abcdef0123456789abcdef|extra"),
        new string('A', 5000),
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task AuditQuery_TamperedToken_IsAValidationErrorNotACrash(string token)
    {
        await using var services = new TestServices(azurite);

        var error = await Should.ThrowAsync<ReviewValidationException>(() =>
            services.Get<AuditQuery>().QueryAsync(new AuditFilter(ContinuationToken: token), TestContext.Current.CancellationToken));

        error.ParamName.ShouldBe("continuationToken");
        error.Message.ShouldBe("the continuation token is not one this service issued; start again without it.");
    }

    [Fact]
    public async Task AuditQuery_EditedRealToken_IsAValidationError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<AuditLog>().WriteManyAsync([Record("2026-07-15T01:00:00Z", "k", "one"), Record("2026-07-15T01:01:00Z", "k", "two")], ct);
        var query = services.Get<AuditQuery>();
        var token = (await query.QueryAsync(new AuditFilter(PageSize: 1), ct)).ContinuationToken!;
        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));

        // Same shape, but a row key that is not an audit row key, and a range wider than allowed.
        var edited = Token(text[..^10] + "zzzzzzzzzz");
        var widened = Token(text.Replace("a1|2026-07-15", "a1|2026-01-15", StringComparison.Ordinal));

        await Should.ThrowAsync<ReviewValidationException>(() => query.QueryAsync(new AuditFilter(ContinuationToken: edited), ct));
        await Should.ThrowAsync<ReviewValidationException>(() => query.QueryAsync(new AuditFilter(ContinuationToken: widened), ct));
        (await query.QueryAsync(new AuditFilter(ContinuationToken: token), ct)).Records.Single().Message.ShouldBe("one");
    }

    [Theory]
    [InlineData("2026-07-15", "2026-07-14", null, "to")]
    [InlineData("2026-06-14", "2026-07-15", null, "from")]
    [InlineData(null, null, 0, "pageSize")]
    [InlineData(null, null, 1001, "pageSize")]
    public async Task AuditQuery_BadRangeOrPageSize_IsAValidationError(string? from, string? to, int? pageSize, string parameter)
    {
        await using var services = new TestServices(azurite);
        var filter = new AuditFilter(From: from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To: to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), PageSize: pageSize);

        var error = await Should.ThrowAsync<ReviewValidationException>(() => services.Get<AuditQuery>().QueryAsync(filter, TestContext.Current.CancellationToken));

        error.ParamName.ShouldBe(parameter);
    }

    [Fact]
    public async Task AuditQuery_ThirtyOneDays_IsAllowed()
    {
        await using var services = new TestServices(azurite);

        var page = await services.Get<AuditQuery>().QueryAsync(new AuditFilter(From: Today.AddDays(-30), To: Today), TestContext.Current.CancellationToken);

        page.Records.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("x' or 'a' eq 'a")]
    [InlineData("' or PartitionKey ne '")]
    [InlineData("S1') or (RowKey ne '")]
    [InlineData("%27 or true")]
    public async Task AuditQuery_ODataInjectionInAFilterValue_MatchesNothingAndDoesNotThrow(string value)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<AuditLog>().WriteManyAsync(
            [Record("2026-07-15T01:00:00Z", AuditKinds.AlertRaised, "S1", site: "S1", officer: "O1")], ct);
        var query = services.Get<AuditQuery>();

        (await query.QueryAsync(new AuditFilter(SiteId: value), ct)).Records.ShouldBeEmpty();
        (await query.QueryAsync(new AuditFilter(Kind: value), ct)).Records.ShouldBeEmpty();
        (await query.QueryAsync(new AuditFilter(OfficerId: value), ct)).Records.ShouldBeEmpty();
        (await query.QueryAsync(new AuditFilter(Text: value), ct)).Records.ShouldBeEmpty();
        (await query.QueryAsync(new AuditFilter(SiteId: "S1"), ct)).Records.Count.ShouldBe(1);
    }

    [Fact]
    public async Task AuditQuery_RowWrittenUnmasked_IsMaskedOnTheWayOut()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var table = await services.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        var time = DateTimeOffset.Parse("2026-07-15T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await table.AddEntityAsync(new TableEntity("2026-07-15", AuditLog.RowKeyOf(time, 0))
        {
            ["Time"] = time,
            ["Kind"] = AuditKinds.NotificationFailed,
            ["Message"] = "failed for 13812345678",
            ["Details"] = """{"address":"li.na@example.org"}""",
        }, ct);

        var record = (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(), ct)).Records.Single();

        record.Message.ShouldBe("failed for 138****5678");
        record.Details.ShouldBe("""{"address":"l***@example.org"}""");
    }

    [Fact]
    public async Task AuditQuery_RowsFromBeforeTheRename_AreFoundByTheVisitKindAndShownWithIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<AuditLog>().WriteManyAsync(
        [
            Record("2026-07-15T01:00:00Z", "assignment.accepted", "Assignment S1_20260715 accepted by officer O1", site: "S1", officer: "O1"),
            Record("2026-07-15T01:01:00Z", "assignment.declined", "Assignment S2_20260715 declined by officer O2", site: "S2", officer: "O2"),
            Record("2026-07-15T01:02:00Z", AuditKinds.VisitAccepted, "Visit S3_20260715 accepted by officer O3", site: "S3", officer: "O3") with { VisitId = "S3_20260715" },
        ], ct);

        // As the former version wrote them: the visit id in the AssignmentId column.
        var table = await services.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        foreach (var row in await table.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct))
        {
            if (row.GetString("Kind")!.StartsWith("assignment.", StringComparison.Ordinal))
            {
                row["AssignmentId"] = row.GetString("Message")!.Split(' ')[1];
                row.Remove("VisitId");
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
            }
        }

        var accepted = (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.VisitAccepted), ct)).Records;

        accepted.Select(r => r.Message).ShouldBe(["Visit S3_20260715 accepted by officer O3", "Assignment S1_20260715 accepted by officer O1"]);
        accepted.Select(r => r.Kind).ShouldBe([AuditKinds.VisitAccepted, AuditKinds.VisitAccepted]);
        accepted.Select(r => r.VisitId).ShouldBe(["S3_20260715", "S1_20260715"]);
        (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: "assignment.declined"), ct)).Records
            .ShouldHaveSingleItem().Kind.ShouldBe(AuditKinds.VisitDeclined, "the old kind still filters its own rows");
        (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: "visit.*"), ct)).Records.Count.ShouldBe(3, "visit.* finds the rows written as assignment.X too");
        (await table.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct)).Count(r => r.GetString("Kind")!.StartsWith("assignment.", StringComparison.Ordinal))
            .ShouldBe(2, "stored rows keep the kind they were written with");
    }

    [Fact]
    public async Task AuditQuery_ADaySpreadOverBuckets_WithRowsFromBeforeTheBuckets_ReadsNewestFirstAcrossPages()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var log = services.Get<AuditLog>();
        var start = DateTimeOffset.Parse("2026-07-15T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        AuditRecord At(int second) => new(AuditKinds.AlertRaised, $"m{second:D3}") { Time = start.AddSeconds(second) };

        // One record a call (a batch each, so a bucket each), then one call of 150 (two batches).
        for (var i = 0; i < 60; i++)
        {
            await log.WriteAsync(At(i), ct);
        }

        await log.WriteManyAsync([.. Enumerable.Range(60, 150).Select(At)], ct);

        // As the version before the buckets wrote them: the bare day partition.
        var table = await services.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        var old = new[] { 5, 100, 300 };
        foreach (var second in old)
        {
            var time = start.AddSeconds(second).AddMilliseconds(500);
            await table.AddEntityAsync(new TableEntity("2026-07-15", AuditLog.RowKeyOf(time, 0))
            {
                ["Time"] = time,
                ["Kind"] = AuditKinds.AlertRaised,
                ["Message"] = $"old {second}",
            }, ct);
        }

        // A decision written once by the version before the buckets and again by this one: two rows, one row key.
        await log.WriteOnceAsync([(new AuditRecord(AuditKinds.AlertRaised, "once") { Time = start.AddSeconds(400) }, "alert|once")], ct);
        var once = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Message eq {"once"}"), cancellationToken: ct).SingleAsync(ct);
        once.PartitionKey.ShouldStartWith("2026-07-15_");
        await table.AddEntityAsync(new TableEntity(once) { PartitionKey = "2026-07-15", ETag = default }, ct);

        var partitions = (await table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: ct).ToListAsync(ct))
            .GroupBy(r => r.PartitionKey).ToDictionary(g => g.Key, g => g.Count());
        partitions["2026-07-15"].ShouldBe(old.Length + 1, "new rows go to the buckets only");
        partitions.Keys.Count(k => k.StartsWith("2026-07-15_", StringComparison.Ordinal)).ShouldBeGreaterThan(8, "62 batches over 16 buckets");

        var read = new List<string>();
        await foreach (var page in services.Get<AuditQuery>().PagesAsync(new AuditFilter(PageSize: 7), ct))
        {
            page.Records.Count.ShouldBeLessThanOrEqualTo(7);
            read.AddRange(page.Records.Select(r => r.Message));
        }

        var expected = Enumerable.Range(0, 210).Select(i => (Time: i * 10, Message: $"m{i:D3}"))
            .Concat(old.Select(s => (Time: (s * 10) + 5, Message: $"old {s}")))
            .Append((Time: 4000, Message: "once"))
            .OrderByDescending(r => r.Time).Select(r => r.Message);
        read.ShouldBe(expected, "every row once (the twin too), newest first, through 31 pages");
    }

    private static AuditRecord Record(string utc, string kind, string message, string? site = null, string? officer = null) =>
        new(kind, message, SiteId: site, OfficerId: officer) { Time = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture) };

    private static string Token(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static async Task<List<AuditPage>> AllPagesAsync(AuditQuery query, AuditFilter filter, CancellationToken ct)
    {
        var pages = new List<AuditPage>();
        await foreach (var page in query.PagesAsync(filter, ct))
        {
            pages.Add(page);
            pages.Count.ShouldBeLessThan(100, "paging must end");
        }

        return pages;
    }
}
