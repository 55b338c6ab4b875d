namespace HeatRelief.Delivery;

/// <summary>The one stored form of <see cref="DeliveryStatus"/>, used by every table that holds one.</summary>
public static class DeliveryStatusWire
{
    /// <summary>The stored name: the member name as written since the first release (<c>Delivered</c>).</summary>
    public static string ToWire(this DeliveryStatus status) => status.ToString();

    /// <summary>Reads a stored status in any case; a missing or unknown value reads as <see cref="DeliveryStatus.Sending"/>, as it always has.</summary>
    public static DeliveryStatus FromWire(string? value) =>
        Enum.TryParse<DeliveryStatus>(value, ignoreCase: true, out var status) ? status : DeliveryStatus.Sending;
}
