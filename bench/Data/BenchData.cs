using System.Globalization;
using HeatRelief.Delivery;
using HeatRelief.Sites;
using HeatRelief.Notifications;

namespace HeatRelief.Bench.Data;

/// <summary>
/// Generated sites, recipients and officers. Sites fall at seeded random points over the Beijing-Tianjin-Hebei
/// area (36.0-42.6 N, 113.5-119.8 E, about 4,100 cells of 0.1°), so a run is the same every time and weather
/// requests are counted for a realistic spread, not for sites stacked in one cell.
/// </summary>
public static class BenchData
{
    private const double SouthLatitude = 36.0;
    private const double NorthLatitude = 42.6;
    private const double WestLongitude = 113.5;
    private const double EastLongitude = 119.8;
    private static readonly string[] Kinds = ["construction", "metro", "market", "sanitation", "courier", "roadworks"];
    private static readonly string[] Districts = ["Fengtai", "Chaoyang", "Haidian", "Tongzhou", "Shunyi", "Daxing", "Binhai", "Langfang", "Baoding", "Tangshan"];

    /// <summary>
    /// <c>Visits__MaxDistanceKm</c> for generated data: officers are spread over the whole region (about
    /// 900 km corner to corner) to load the visit path, not to model coverage, so reach covers the region.
    /// </summary>
    public const string MaxDistanceKm = "1000";

    public static string SiteId(int index) => string.Create(CultureInfo.InvariantCulture, $"BS{index:D6}");

    /// <summary>Row keys sort in id order, so a delivery chunk's ids are one contiguous key range.</summary>
    public static string RecipientId(int site, int index) => string.Create(CultureInfo.InvariantCulture, $"BS{site:D6}-R{index:D5}");

    public static IEnumerable<Site> Sites(int count, int seed = 20260715)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var latitude = Math.Round(SouthLatitude + (random.NextDouble() * (NorthLatitude - SouthLatitude)), 4);
            var longitude = Math.Round(WestLongitude + (random.NextDouble() * (EastLongitude - WestLongitude)), 4);
            yield return new Site(SiteId(i), string.Create(CultureInfo.InvariantCulture, $"Bench site {i}"), Districts[i % Districts.Length],
                latitude, longitude, Kinds[i % Kinds.Length], 10 + (i % 190));
        }
    }

    /// <summary>One site's recipients, all on the webhook channel pointing at the bench's sink, no quiet hours.</summary>
    public static IEnumerable<Recipient> Recipients(int site, int count, string sinkBaseUrl)
    {
        for (var r = 0; r < count; r++)
        {
            var id = RecipientId(site, r);
            yield return new Recipient(id, SiteId(site), string.Create(CultureInfo.InvariantCulture, $"Worker {r}"), r == 0 ? "foreman" : "worker",
                Channels.Webhook, $"{sinkBaseUrl}/hooks/{id}", r % 3 == 0 ? "en" : "zh", null, null);
        }
    }

    /// <summary>One officer per ten sites (at least one), for the visit requests the alerts raise.</summary>
    public static IEnumerable<Officer> Officers(int sites, string sinkBaseUrl)
    {
        // Enough room for a visit to every site on each of the two alert days: sites / 5 officers x 8 visits.
        var count = Math.Max(1, sites / 5);
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"BO{i:D5}");
            yield return new Officer(id, string.Create(CultureInfo.InvariantCulture, $"Officer {i}"), Districts[i % Districts.Length],
                Math.Round(SouthLatitude + (random.NextDouble() * (NorthLatitude - SouthLatitude)), 4),
                Math.Round(WestLongitude + (random.NextDouble() * (EastLongitude - WestLongitude)), 4),
                Channels.Webhook, $"{sinkBaseUrl}/officers/{id}", 8);
        }
    }
}
