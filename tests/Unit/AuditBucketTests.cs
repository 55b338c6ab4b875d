using HeatRelief.Audit;

namespace HeatRelief.Tests.Unit;

/// <summary>The audit log's day buckets: a stable bucket per row key, and every partition a day's rows may be in.</summary>
public sealed class AuditBucketTests
{
    [Theory]
    [InlineData("", 5)]
    [InlineData("a", 12)]
    [InlineData("ab", 10)]
    [InlineData("7976915999999999999-000-0123456789abcdef0123456789abcdef", 15)]
    public void AuditLog_BucketOf_IsFnv1aModSixteen_TheSameInEveryProcess(string rowKey, int bucket) =>
        AuditLog.BucketOf(rowKey).ShouldBe(bucket, "a rewritten record must land in the partition its first write took");

    [Fact]
    public void AuditLog_BucketOf_SpreadsRandomRowKeysOverEveryBucket()
    {
        var time = new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero);
        var counts = Enumerable.Range(0, 1600).Select(i => AuditLog.BucketOf(AuditLog.RowKeyOf(time, i % 1000)))
            .GroupBy(b => b).ToDictionary(g => g.Key, g => g.Count());

        counts.Keys.Order().ShouldBe(Enumerable.Range(0, AuditLog.Buckets));
        counts.Values.ShouldAllBe(n => n < 1600 / 10, "no bucket near a tenth of the rows");
    }

    [Fact]
    public void AuditLog_PartitionsOf_TheBareDayThenEachBucket_AllWithinTheDaysKeyRange()
    {
        var partitions = AuditLog.PartitionsOf(new DateOnly(2026, 7, 15));

        partitions.Count.ShouldBe(1 + AuditLog.Buckets);
        partitions[0].ShouldBe("2026-07-15", "rows written before the buckets");
        partitions.Skip(1).ShouldBe(Enumerable.Range(0, 16).Select(b => $"2026-07-15_{b:x}"));
        partitions.ShouldAllBe(p => string.CompareOrdinal(p, "2026-07-15") >= 0 && string.CompareOrdinal(p, "2026-07-16") < 0);
    }
}
