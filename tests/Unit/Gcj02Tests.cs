using HeatRelief.Dashboard;
using HeatRelief.Sites;

namespace HeatRelief.Tests.Unit;

public sealed class Gcj02Tests
{
    [Theory]
    [InlineData(39.94, 116.43)]
    [InlineData(31.23, 121.47)]
    [InlineData(23.13, 113.26)]
    public void Gcj02_FromWgs84_InMainlandChina_MovesSomeHundredsOfMetres(double latitude, double longitude)
    {
        var (lat, lon) = Gcj02.FromWgs84(latitude, longitude);

        var metres = GreatCircle.DistanceKm(latitude, longitude, lat, lon) * 1000;
        metres.ShouldBeInRange(100, 800);
    }

    [Theory]
    [InlineData(51.5, -0.12)]
    [InlineData(35.68, 139.77)]
    [InlineData(-33.87, 151.21)]
    public void Gcj02_FromWgs84_OutsideChina_ChangesNothing(double latitude, double longitude) =>
        Gcj02.FromWgs84(latitude, longitude).ShouldBe((latitude, longitude));
}
