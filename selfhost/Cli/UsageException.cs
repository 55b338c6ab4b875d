namespace HeatRelief.SelfHost.Cli;

/// <summary>A command line that cannot be run; printed with the usage text, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
