using HeatRelief.Visits;

namespace HeatRelief.Tests.Unit;

/// <summary>The ?status= of an officer's list: one wire name, nothing Enum.TryParse would also take.</summary>
public sealed class VisitStatusTests
{
    [Theory]
    [InlineData("assigned", VisitStatus.Assigned)]
    [InlineData("ACCEPTED", VisitStatus.Accepted)]
    [InlineData("Completed", VisitStatus.Completed)]
    public void VisitStatusWire_FromWire_ReadsWireNameInAnyCase(string value, VisitStatus expected)
    {
        VisitStatusWire.FromWire(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("assigned,accepted")]
    [InlineData("Assigned, Declined")]
    [InlineData("1,2")]
    [InlineData(" assigned")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData(null)]
    public void VisitStatusWire_FromWire_RefusesAnythingButOneWireName(string? value)
    {
        VisitStatusWire.FromWire(value).ShouldBeNull();
    }
}
