using HeatRelief.Audit;

namespace HeatRelief.Notifications;

/// <summary>
/// Why an address is not usable on its channel: the fault, the address as it may be shown (masked), and for a
/// refused webhook target the reason; <see cref="Text"/> says it in English.
/// </summary>
public sealed record AddressRefusal(AddressFault Fault, string Shown, string Reason = "")
{
    public static AddressRefusal For(AddressFault fault, string address, string reason = "") =>
        new(fault, fault == AddressFault.UnknownChannel ? address : Masking.Mask(address), reason);

    public string Text => Fault switch
    {
        AddressFault.NotAUrl => $"'{Shown}' is not an absolute http(s) URL",
        AddressFault.RefusedTarget => $"'{Shown}' is not an allowed webhook target: {Reason}",
        AddressFault.NotAnEmail => $"'{Shown}' is not an e-mail address",
        AddressFault.TooLong => $"address is longer than {Channels.MaxConsoleAddress} characters",
        _ => $"unknown channel '{Shown}' (expected {string.Join(", ", Channels.All)})",
    };
}
