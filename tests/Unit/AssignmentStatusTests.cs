using HeatRelief.Assignments;

namespace HeatRelief.Tests.Unit;

/// <summary>The ?status= of an officer's list: one wire name, nothing Enum.TryParse would also take.</summary>
public sealed class AssignmentStatusTests
{
    [Theory]
    [InlineData("assigned", AssignmentStatus.Assigned)]
    [InlineData("ACCEPTED", AssignmentStatus.Accepted)]
    [InlineData("Completed", AssignmentStatus.Completed)]
    public void AssignmentStore_ParseStatus_ReadsWireNameInAnyCase(string value, AssignmentStatus expected)
    {
        AssignmentStore.ParseStatus(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("assigned,accepted")]
    [InlineData("Assigned, Declined")]
    [InlineData("1,2")]
    [InlineData(" assigned")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData(null)]
    public void AssignmentStore_ParseStatus_RefusesAnythingButOneWireName(string? value)
    {
        AssignmentStore.ParseStatus(value).ShouldBeNull();
    }
}
