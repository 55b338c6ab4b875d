using HeatRelief.Visits;
using HeatRelief.Sites;

namespace HeatRelief.Tests.Unit;

public sealed class OfficerRankingTests
{
    // Chaoyang site; officers placed at known distances along the meridian (0.01 degree of latitude is about 1.11 km).
    private static readonly Site Site = new("S1", "Site", "Chaoyang", 39.90, 116.40, "construction", 40);

    private static Officer At(string id, string district, double kmNorth, int cap = 3, bool active = true) =>
        new(id, id, district, 39.90 + (kmNorth / 111.195), 116.40, "console", "x", cap, active);

    private static IReadOnlyList<RankedCandidate> Rank(IEnumerable<Officer> officers, Dictionary<string, int>? today = null, Dictionary<string, int>? season = null, HashSet<string>? tried = null, double tolerance = 1.0, double maxKm = 50) =>
        OfficerRanking.Rank(Site, officers, today ?? [], season ?? [], tried ?? [], tolerance, maxKm);

    [Fact]
    public void Rank_OfficersBeyondMaxDistance_AreIneligibleWithReason()
    {
        // Issue 11: a site whose only officers were 1,052 km away had both visits offered there.
        var ranked = Rank([At("FAR-SAME", "Chaoyang", 1052), At("FAR-OTHER", "Dongcheng", 1060)]);

        ranked.ShouldAllBe(c => !c.Eligible);
        ranked.Single(c => c.OfficerId == "FAR-SAME").Reason.ShouldBe("1052.0 km away, beyond the 50 km limit");
        OfficerRanking.NobodyWithin(ranked, 50).ShouldBeTrue();
    }

    [Fact]
    public void Rank_MaxDistance_KeepsNearOfficersAndSortsOutOfReachLast()
    {
        var ranked = Rank([At("FAR-SAME", "Chaoyang", 60), At("NEAR-FULL", "Dongcheng", 10, cap: 1), At("NEAR", "Dongcheng", 49)], today: new() { ["NEAR-FULL"] = 1 });

        ranked.Select(c => c.OfficerId).ShouldBe(["NEAR", "NEAR-FULL", "FAR-SAME"], "out of reach goes after every officer within reach, whatever the district");
        ranked[0].Eligible.ShouldBeTrue();
        ranked[2].Reason.ShouldBe("60.0 km away, beyond the 50 km limit");
        OfficerRanking.NobodyWithin(ranked, 50).ShouldBeFalse();
        Rank([At("FAR-SAME", "Chaoyang", 60)], maxKm: 100).ShouldHaveSingleItem().Eligible.ShouldBeTrue();
    }

    [Fact]
    public void Rank_SameDistrictFirst_EvenWhenAnotherDistrictIsNearer()
    {
        var ranked = Rank([At("NEAR-OTHER", "Dongcheng", 1), At("FAR-SAME", "Chaoyang", 12)]);

        ranked.Select(c => c.OfficerId).ShouldBe(["FAR-SAME", "NEAR-OTHER"]);
        ranked[0].SameDistrict.ShouldBeTrue();
        ranked[0].Reason.ShouldStartWith("same district");
    }

    [Theory]
    [InlineData("朝阳区")]
    [InlineData("朝阳")]
    [InlineData("chaoyang district")]
    public void Rank_SameDistrictWrittenAnotherWay_StillRanksFirst(string written)
    {
        var ranked = Rank([At("NEAR-OTHER", "东城区", 1), At("FAR-SAME", written, 12)]);

        ranked.Select(c => c.OfficerId).ShouldBe(["FAR-SAME", "NEAR-OTHER"], "the site says Chaoyang");
    }

    [Fact]
    public void Rank_OfficerAtDailyCap_IsIneligibleWithReason()
    {
        var ranked = Rank([At("FULL", "Chaoyang", 1, cap: 2), At("FREE", "Chaoyang", 8)], today: new() { ["FULL"] = 2 });

        ranked[0].OfficerId.ShouldBe("FREE");
        var full = ranked.Single(c => c.OfficerId == "FULL");
        full.Eligible.ShouldBeFalse();
        full.Reason.ShouldBe("at daily cap 2/2");
    }

    [Fact]
    public void Rank_NearestFirst_WhenBeyondTheFairnessTolerance()
    {
        var ranked = Rank([At("FAR", "Chaoyang", 9), At("NEAR", "Chaoyang", 2), At("MID", "Chaoyang", 5)], season: new() { ["NEAR"] = 30, ["MID"] = 10, ["FAR"] = 0 });

        ranked.Select(c => c.OfficerId).ShouldBe(["NEAR", "MID", "FAR"], "2, 5 and 9 km are more than 1 km apart: distance decides");
        ranked[0].DistanceKm.ShouldBe(2.0, 0.05);
    }

    [Fact]
    public void Rank_NearEquals_FewestSeasonVisitsFirst()
    {
        var ranked = Rank([At("BUSY", "Chaoyang", 2.0), At("RESTED", "Chaoyang", 2.8), At("FAR", "Chaoyang", 6)],
            season: new() { ["BUSY"] = 12, ["RESTED"] = 3, ["FAR"] = 0 });

        ranked.Select(c => c.OfficerId).ShouldBe(["RESTED", "BUSY", "FAR"], "2.0 and 2.8 km are within 1 km: fewer visits this season wins");
        ranked[0].Reason.ShouldContain("near-equals");
    }

    [Fact]
    public void Rank_InactiveAndAlreadyTried_AreIneligible()
    {
        var ranked = Rank([At("OFF", "Chaoyang", 1, active: false), At("DECLINED", "Chaoyang", 2), At("OK", "Dongcheng", 20)], tried: ["DECLINED"]);

        ranked[0].OfficerId.ShouldBe("OK");
        ranked.Single(c => c.OfficerId == "OFF").Reason.ShouldBe("inactive");
        ranked.Single(c => c.OfficerId == "DECLINED").Reason.ShouldBe("already offered this visit");
        ranked.Count(c => c.Eligible).ShouldBe(1);
    }

    [Fact]
    public void SupplyPlan_ScalesWithHeadcount()
    {
        var plan = SupplyPlan.For(45, new VisitOptions { WaterLitresPerWorker = 1.5, SoupLitresPerWorker = 0.5, WorkersPerMedicineKit = 10 });

        plan.ShouldBe(new SupplyPlan(67.5, 22.5, 5));
        SupplyPlan.For(0, new VisitOptions()).MedicineKits.ShouldBe(0);
    }

    [Fact]
    public void Visit_IdAndDate_RoundTrip()
    {
        var id = Visit.IdFor("BJ_CY-001", new DateOnly(2026, 7, 15));

        id.ShouldBe("BJ_CY-001_20260715");
        Visit.DateOf(id).ShouldBe(new DateOnly(2026, 7, 15));
        Visit.DateOf("no-date").ShouldBeNull();
        Visit.DateOf("x_20261345").ShouldBeNull();
    }
}
