using System.CommandLine;
using HeatRelief.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using HeatRelief.Storage;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// <c>token --officer NAME | --admin NAME [--hours N]</c>: print a development token, the value of the
/// <c>X-MS-CLIENT-PRINCIPAL</c> header the self-host's API believes. NAME is the sign-in name: for an officer,
/// the <c>login</c> column of officers.csv, or their id when it is empty. Needs no storage.
/// </summary>
public static class TokenCommand
{
    public const int DefaultHours = 8;

    public const int MaxHours = 24 * 30;

    public static Command Define() => new("token", "Print a development token for the local API: the X-MS-CLIENT-PRINCIPAL header value.")
    {
        new Option<string>("--officer") { Description = "the officer's sign-in name (the login column of officers.csv, or their id)", HelpName = "NAME" },
        new Option<string>("--admin") { Description = "an admin's name", HelpName = "NAME" },
        CliOptions.WholeNumber("--hours", "N", 1, MaxHours, DefaultHours, "hours the token is valid"),
    };

    public static int Run(CommandLine line, IConfiguration configuration, TextWriter output, TimeProvider time)
    {
        var officer = line.Value("officer");
        var admin = line.Value("admin");
        var hours = line.Value<int>("hours");
        if ((officer is null) == (admin is null))
        {
            throw new UsageException("token needs exactly one of --officer NAME or --admin NAME");
        }

        var name = (officer ?? admin)!.Trim();
        if (name.Length == 0)
        {
            throw new UsageException("the sign-in name must not be empty");
        }

        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (!options.DevelopmentSignIn)
        {
            throw new OptionsValidationException(AuthOptions.SectionName, typeof(AuthOptions),
                ["development sign-in is off (Auth__DevelopmentSignIn), so the self-host accepts no development tokens: set Auth__DevelopmentSignIn=true and Auth__DevelopmentSigningKey (32 or more characters) in local.settings.json. In Azure, Entra ID signs callers in instead."]);
        }

        if (new SettingsValidator<AuthOptions>(AuthOptions.SectionName).Validate(null, options) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(AuthOptions.SectionName, typeof(AuthOptions), invalid.Failures);
        }

        var role = officer is not null ? Caller.OfficerRole : Caller.AdminRole;
        output.WriteLine(new DevelopmentTokens(Options.Create(options), time).Create(name, [role], TimeSpan.FromHours(hours)));
        return 0;
    }
}
