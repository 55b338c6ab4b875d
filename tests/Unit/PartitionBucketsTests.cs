using HeatRelief.Storage;

namespace HeatRelief.Tests.Unit;

/// <summary>The shared partition buckets: a stable bucket per key, spread evenly, and every partition a logical partition's rows may be in.</summary>
public sealed class PartitionBucketsTests
{
    [Theory]
    [InlineData("", 5)]
    [InlineData("a", 12)]
    [InlineData("ab", 10)]
    [InlineData("7976915999999999999-000-0123456789abcdef0123456789abcdef", 15)]
    public void PartitionBuckets_Of_IsFnv1aModSixteen_TheSameInEveryProcess(string key, int bucket) =>
        PartitionBuckets.Of(key).ShouldBe(bucket);

    [Fact]
    public void PartitionBuckets_Of_ADaysTenThousandDistinctKeys_NoBucketAboveASixteenthPlusSlack()
    {
        var keys = Enumerable.Range(0, 10_000).Select(i => $"S{i / 100:D3}_20260715_red:R{i % 100:D5}").ToList();

        var counts = keys.GroupBy(PartitionBuckets.Of).ToDictionary(g => g.Key, g => g.Count());

        counts.Keys.Order().ShouldBe(Enumerable.Range(0, PartitionBuckets.Count));
        counts.Values.Max().ShouldBeLessThan(10_000 / 16 * 12 / 10, "each bucket within 20% of a sixteenth, far under a tenth of the day");
    }

    [Fact]
    public void PartitionBuckets_All_TheBarePartitionThenEachBucket()
    {
        var partitions = PartitionBuckets.All("2026-07-15");

        partitions.Count.ShouldBe(1 + PartitionBuckets.Count);
        partitions[0].ShouldBe("2026-07-15");
        partitions.Skip(1).ShouldBe(Enumerable.Range(0, 16).Select(b => $"2026-07-15_{b:x}"));
        PartitionBuckets.KeyOf("2026-07-15", "R00001").ShouldBe($"2026-07-15_{PartitionBuckets.Of("R00001"):x}");
    }

    [Theory]
    [InlineData("S1_20260715_red", true)]
    [InlineData("S1_20260715_red_0", true)]
    [InlineData("S1_20260715_red_f", true)]
    [InlineData("S1_20260715_red-1", false)]
    [InlineData("S1_20260715_red-1_a", false)]
    [InlineData("S1_20260715_red_g", false)]
    [InlineData("S1_20260715_red_10", false)]
    [InlineData("S1_20260715_re", false)]
    public void PartitionBuckets_Belongs_TheBarePartitionOrOneBucket_NotAnotherThatStartsTheSame(string partitionKey, bool belongs) =>
        PartitionBuckets.Belongs(partitionKey, "S1_20260715_red").ShouldBe(belongs);
}
