using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HeatRelief.Alerts;
using HeatRelief.CapFeed;
using HeatRelief.Api;
using HeatRelief.Dashboard;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.Messaging;
using HeatRelief.SelfHost.Hosting;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Weather;
using HeatRelief.Triggers;
using HeatRelief.Application;
using HeatRelief.Notifications;
using HeatRelief.Warnings;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Every setting the code reads is documented in the README, and the ones an operator has to decide are set
/// alike in local.settings.sample.json and the Bicep app settings; neither carries a key the code ignores.
/// </summary>
public sealed partial class ConfigurationParityTests
{
    private const string StorageConnection = ApplicationRegistration.StorageConnectionName;

    /// <summary>
    /// Settings that differ between a laptop and Azure or that a campaign has to choose (storage, schedule,
    /// look-ahead, weather source, warning source, audit day, SMTP, the CAP sender), so both the sample and Bicep spell
    /// them out. The rest
    /// (HeatRules__*, Storage__*, Weather tuning, Email__TimeoutSeconds) keep defaults that suit both places
    /// and only have to be in the README.
    /// </summary>
    private static readonly string[] RequiredInSampleAndBicep =
    [
        FunctionNames.HeatCheckScheduleSetting,
        FunctionNames.ReassignScheduleSetting,
        Key<VisitOptions>(nameof(VisitOptions.AdminRecipients)),
        Key<VisitOptions>(nameof(VisitOptions.PublicBaseUrl)),
        Key<VisitOptions>(nameof(VisitOptions.LinkSigningKey)),
        Key<AlertOptions>(nameof(AlertOptions.LookaheadDays)),
        Key<WeatherOptions>(nameof(WeatherOptions.Source)),
        Key<WeatherOptions>(nameof(WeatherOptions.OpenMeteoBaseUrl)),
        Key<WarningsOptions>(nameof(WarningsOptions.Source)),
        Key<WarningsOptions>(nameof(WarningsOptions.FeedUrl)),
        Key<WarningsOptions>(nameof(WarningsOptions.QWeatherBaseUrl)),
        Key<WarningsOptions>(nameof(WarningsOptions.QWeatherToken)),
        Key<AuditOptions>(nameof(AuditOptions.TimeZone)),
        Key<EmailOptions>(nameof(EmailOptions.Host)),
        Key<EmailOptions>(nameof(EmailOptions.Port)),
        Key<EmailOptions>(nameof(EmailOptions.Security)),
        Key<EmailOptions>(nameof(EmailOptions.From)),
        Key<EmailOptions>(nameof(EmailOptions.UserName)),
        Key<EmailOptions>(nameof(EmailOptions.Password)),
        Key<WebhookOptions>(nameof(WebhookOptions.SigningSecret)),
        Key<CapFeedOptions>(nameof(CapFeedOptions.Sender)),
        Key<DashboardOptions>(nameof(DashboardOptions.MapTileUrl)),
        Key<DashboardOptions>(nameof(DashboardOptions.MapTileKey)),
    ];

    /// <summary>Azure has no storage connection string (shared keys are off): the host and the code use these instead.</summary>
    private static readonly string[] IdentityStorageKeys =
        ["blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId"];

    /// <summary>Read by the Functions host or the platform, not by HeatRelief's code, so never stale.</summary>
    private static readonly string[] HostLevelKeys =
        ["FUNCTIONS_WORKER_RUNTIME", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];

    private static readonly string[] HostLevelPrefixes = [StorageConnection + "__", "AzureFunctionsJobHost__"];

    [Fact]
    public void CodeSettings_Reflection_FindsEveryOptionsClass()
    {
        var settings = CodeSettings();

        // Guards the reflection itself: an empty or partial set would make every other fact pass vacuously.
        settings.ShouldContain(StorageConnection);
        settings.ShouldContain(FunctionNames.HeatCheckScheduleSetting);
        settings.ShouldContain("HeatRules__RedSignalC");
        settings.ShouldContain("Storage__DeliveryChunkSize");
        settings.ShouldContain("Weather__RequestTimeoutSeconds");
        settings.ShouldContain("Email__TimeoutSeconds");
        OptionsTypes().Select(t => t.Name).Order(StringComparer.Ordinal).ShouldBe(
            ["AckOptions", "AlertOptions", "AuditOptions", "AuthOptions", "CapFeedOptions", "DashboardOptions", "DigestOptions", "EmailOptions", "HeatRulesOptions", "StorageOptions", "VisitOptions", "WarningsOptions", "WeatherOptions", "WebhookOptions"]);
    }

    [Fact]
    public void RequiredSettings_AreAllReadByTheCode()
    {
        RequiredInSampleAndBicep.Except(CodeSettings()).ShouldBeEmpty("a required key that the code no longer reads");
    }

    [Fact]
    public void Sample_ListsEveryRequiredSetting_AndNothingStale()
    {
        var sample = SampleKeys();

        RequiredInSampleAndBicep.Append(StorageConnection).Except(sample)
            .ShouldBeEmpty("missing from local.settings.sample.json Values");
        sample.Where(IsStale).ShouldBeEmpty("in local.settings.sample.json, but no code reads them");
    }

    [Fact]
    public void Bicep_AppSettings_ListEveryRequiredSetting_AndNothingStale()
    {
        var settings = BicepAppSettings();
        var keys = settings.Select(s => s.Key).ToList();

        keys.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)
            .ShouldBeEmpty("app settings set twice");
        RequiredInSampleAndBicep.Except(keys).ShouldBeEmpty("missing from the Bicep app settings");
        IdentityStorageKeys.Select(k => $"{StorageConnection}__{k}").Except(keys)
            .ShouldBeEmpty("identity-based storage settings missing from the Bicep app settings");
        keys.Where(IsStale).ShouldBeEmpty("in the Bicep app settings, but no code reads them");
    }

    [Fact]
    public void Bicep_AppSettings_UseIdentityLiveWeatherAndKeyVault()
    {
        var settings = BicepAppSettings().ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);

        // The account refuses shared keys, so a connection string could only be wrong.
        settings.ShouldNotContainKey(StorageConnection);
        settings[$"{StorageConnection}__credential"].ShouldBe("'managedidentity'");
        // Flex Consumption takes the worker runtime from functionAppConfig and rejects this setting.
        settings.ShouldNotContainKey("FUNCTIONS_WORKER_RUNTIME");
        settings[Key<WeatherOptions>(nameof(WeatherOptions.Source))].ShouldBe($"'{WeatherOptions.OpenMeteoSource}'");
        settings[Key<EmailOptions>(nameof(EmailOptions.Password))].ShouldStartWith("'@Microsoft.KeyVault(VaultName=");
        settings[Key<VisitOptions>(nameof(VisitOptions.LinkSigningKey))].ShouldStartWith("'@Microsoft.KeyVault(VaultName=");
        settings[Key<WebhookOptions>(nameof(WebhookOptions.SigningSecret))].ShouldStartWith("'@Microsoft.KeyVault(VaultName=");
        settings[Key<WarningsOptions>(nameof(WarningsOptions.QWeatherToken))].ShouldStartWith("'@Microsoft.KeyVault(VaultName=");
        // Loopback and private receivers are for laptops and tests; Azure posts to public addresses only.
        settings.ShouldNotContainKey(Key<WebhookOptions>(nameof(WebhookOptions.AllowedPrivateTargets)));
        settings.ShouldNotContainKey(Key<AuthOptions>(nameof(AuthOptions.DevelopmentSignIn)));
    }

    [Fact]
    public void Bicep_Storage_CreatesEveryQueuePoisonQueueAndTable()
    {
        var storage = File.ReadAllText(Path.Combine(TestPaths.Root, "infra", "app", "storage.bicep"));

        foreach (var name in QueueNames.All.Concat(TableNames.All))
        {
            storage.ShouldContain($"'{name}'", customMessage: $"infra/app/storage.bicep does not create '{name}'");
        }

        QueueNames.Poison("q").ShouldBe("q-poison", "the Bicep builds poison queue names the same way");
        storage.ShouldContain("'${queue}-poison'");
        storage.ShouldContain("allowSharedKeyAccess: false");
    }

    [Fact]
    public void Bicep_ParametersFile_MapsExactlyTheMainParameters()
    {
        var infra = Path.Combine(TestPaths.Root, "infra");
        var declared = BicepParameter().Matches(File.ReadAllText(Path.Combine(infra, "main.bicep"))).Select(m => m.Groups[1].Value).ToList();
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(infra, "main.parameters.json")));
        var mapped = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        // azd fails a deployment that passes a parameter main.bicep does not declare; an unmapped one is not settable from azd.
        mapped.Except(declared).ShouldBeEmpty("in main.parameters.json, not a parameter of main.bicep");
        declared.Except(mapped).ShouldBeEmpty("parameters of main.bicep that main.parameters.json does not map from the azd environment");
    }

    [Fact]
    public void Readme_ConfigurationTable_DocumentsEverySetting_AndNothingStale()
    {
        var documented = ReadmeKeys();

        CodeSettings().Except(documented).ShouldBeEmpty("read by the code, missing from the README configuration table");
        RequiredInSampleAndBicep.Except(documented).ShouldBeEmpty();
        documented.Where(IsStale).ShouldBeEmpty("in the README configuration table, but no code reads them");
    }

    [Fact]
    [Trait("Category", "Infra")]
    public async Task BicepScript_BuildsAndLintsInfra_WithoutWarnings()
    {
        var ct = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The first run restores the Bicep CLI package; later runs take seconds.
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        var start = new ProcessStartInfo("bash", [Path.Combine("scripts", "bicep.sh")])
        {
            WorkingDirectory = TestPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        process.ExitCode.ShouldBe(0, output);
        output.ShouldNotContain("Warning", Case.Sensitive, output);
        output.ShouldNotContain(" : Error ", Case.Sensitive, output);
    }

    /// <summary>The app-setting key of an options property: section and property joined by "__".</summary>
    private static string Key<TOptions>(string property) =>
        $"{typeof(TOptions).GetField("SectionName")!.GetRawConstantValue()}__{property}";

    /// <summary>The public XxxOptions classes of HeatRelief.Core that bind a configuration section.</summary>
    private static IEnumerable<Type> OptionsTypes() =>
        typeof(AlertOptions).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    /// <summary>Every key the code reads: each bindable options property, the storage connection and the timer schedule.</summary>
    private static HashSet<string> CodeSettings()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal)
        {
            StorageConnection,
            FunctionNames.HeatCheckScheduleSetting,
            FunctionNames.ReassignScheduleSetting,
            SelfHostBuilder.HttpPortSetting.Replace(":", "__", StringComparison.Ordinal),
        };
        foreach (var type in OptionsTypes())
        {
            AddBindable(keys, (string)type.GetField("SectionName")!.GetRawConstantValue()!, type);
        }

        return keys;
    }

    private static void AddBindable(HashSet<string> keys, string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var key = $"{prefix}__{property.Name}";
            // A nested options object binds as Section__Child__Property.
            if (propertyType.IsClass && propertyType != typeof(string))
            {
                AddBindable(keys, key, propertyType);
            }
            else
            {
                keys.Add(key);
            }
        }
    }

    private static bool IsStale(string key) =>
        !CodeSettings().Contains(key)
        && !HostLevelKeys.Contains(key, StringComparer.Ordinal)
        && !HostLevelPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    private static List<string> SampleKeys()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "local.settings.sample.json")));
        return [.. sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>The `{ name: 'KEY'  value: ... }` entries of every Bicep file: the app settings, with their value expressions.</summary>
    private static List<KeyValuePair<string, string>> BicepAppSettings()
    {
        var infra = Path.Combine(TestPaths.Root, "infra");
        var settings = Directory.EnumerateFiles(infra, "*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => AppSettingEntry().Matches(File.ReadAllText(file)))
            .Select(m => KeyValuePair.Create(m.Groups["key"].Value, m.Groups["value"].Value.Trim()))
            .ToList();
        settings.ShouldNotBeEmpty("no `name: 'KEY'` / `value:` app settings found under infra/");
        return settings;
    }

    /// <summary>
    /// Keys in the first column of the README's configuration table. A cell may abbreviate keys of the same
    /// section after the first one: "`HeatRules__RedSignalC`, `__OrangeSignalC`" names HeatRules__OrangeSignalC.
    /// </summary>
    private static HashSet<string> ReadmeKeys()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Root, "README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "## Configuration");
        start.ShouldBeGreaterThanOrEqualTo(0, "README has no '## Configuration' section");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var cells = line.Split('|');
            if (!line.TrimStart().StartsWith('|') || cells.Length < 3 || cells[1].Trim() is "key" || cells[1].TrimStart().StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            var section = string.Empty;
            foreach (Match token in BacktickedToken().Matches(cells[1]))
            {
                var key = token.Groups[1].Value;
                if (key.StartsWith("__", StringComparison.Ordinal))
                {
                    key = section + key;
                }
                else if (key.IndexOf("__", StringComparison.Ordinal) is > 0 and var at)
                {
                    section = key[..at];
                }

                keys.Add(key);
            }
        }

        keys.ShouldNotBeEmpty("no keys found in the README configuration table");
        return keys;
    }

    [GeneratedRegex(@"name:\s*'(?<key>[^']+)'\s*\r?\n\s*value:\s*(?<value>[^\r\n]+)")]
    private static partial Regex AppSettingEntry();

    [GeneratedRegex(@"^param\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex BicepParameter();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BacktickedToken();
}
