using System.Net;
using HeatRelief.Delivery;
using HeatRelief.Sites;
using HeatRelief.Notifications;

namespace HeatRelief.Tests.Unit;

/// <summary>Which webhook targets are refused at import, what the allowlist lets through, and how it is read.</summary>
public sealed class WebhookTargetsTests
{
    /// <summary>Every target issue 11 found imported without complaint, plus their other spellings.</summary>
    [Theory]
    [InlineData("http://169.254.169.254/metadata/instance", "link-local or cloud metadata")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data", "link-local or cloud metadata")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/", "link-local or cloud metadata")]
    [InlineData("http://168.63.129.16/machine", "Azure platform endpoint")]
    [InlineData("http://10.0.0.4/hook", "private address (10.0.0.0/8)")]
    [InlineData("http://192.168.1.10/hook", "private address (192.168.0.0/16)")]
    [InlineData("http://172.16.0.1/hook", "private address (172.16.0.0/12)")]
    [InlineData("http://172.31.255.254/hook", "private address (172.16.0.0/12)")]
    [InlineData("http://100.64.0.1/hook", "carrier-grade NAT")]
    [InlineData("http://localhost:7071/api/admin/poison", "loopback")]
    [InlineData("http://LOCALHOST./api/admin", "loopback")]
    [InlineData("http://admin.localhost/", "loopback")]
    [InlineData("http://0.0.0.0:7071/", "unspecified")]
    [InlineData("http://127.1/", "loopback")]
    [InlineData("http://2130706433/", "loopback")]
    [InlineData("http://0x7f000001/", "loopback")]
    [InlineData("http://[::1]:7071/", "loopback")]
    [InlineData("http://[::]/", "unspecified")]
    [InlineData("http://[fe80::1]/", "link-local")]
    [InlineData("http://[fd00:ec2::254]/", "unique local")]
    [InlineData("http://224.0.0.1/", "multicast")]
    public void WebhookTargets_UrlProblem_RefusesPrivateLoopbackLinkLocalAndMetadata(string url, string why)
    {
        WebhookTargets.Strict.UrlProblem(new Uri(url)).ShouldNotBeNull().ShouldContain(why);
    }

    [Theory]
    [InlineData("https://hooks.example.com/heat")]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x")]
    [InlineData("http://172.32.0.1/hook")]
    [InlineData("http://100.128.0.1/hook")]
    [InlineData("http://8.8.8.8/hook")]
    [InlineData("http://[2001:db8::1]/hook")]
    public void WebhookTargets_UrlProblem_AcceptsPublicTargetsAndNames(string url)
    {
        WebhookTargets.Strict.UrlProblem(new Uri(url)).ShouldBeNull();
    }

    [Fact]
    public void WebhookTargets_UrlProblem_RefusesTheAppsOwnStorageAccountOnEveryService()
    {
        var targets = new WebhookTargets(string.Empty, [new Uri("https://stabc123.blob.core.windows.net/"), new Uri("https://stabc123.queue.core.windows.net/")]);

        targets.UrlProblem(new Uri("https://stabc123.blob.core.windows.net/container?sv=x")).ShouldNotBeNull().ShouldContain("own storage account");
        targets.UrlProblem(new Uri("https://STABC123.table.core.windows.net/Tables")).ShouldNotBeNull();
        targets.UrlProblem(new Uri("https://stabc123.file.core.windows.net/share")).ShouldNotBeNull();
        targets.UrlProblem(new Uri("https://stother.blob.core.windows.net/")).ShouldBeNull();
    }

    [Fact]
    public void WebhookTargets_Allowlist_LetsThroughOnlyWhatItNames()
    {
        var targets = new WebhookTargets("127.0.0.1:5000; 10.20.0.0/16, localhost:7072 [::1]:6000", []);

        targets.UrlProblem(new Uri("http://127.0.0.1:5000/hook")).ShouldBeNull();
        targets.UrlProblem(new Uri("http://127.0.0.1:5001/hook")).ShouldNotBeNull();
        targets.UrlProblem(new Uri("http://10.20.3.4/hook")).ShouldBeNull();
        targets.UrlProblem(new Uri("http://10.21.3.4/hook")).ShouldNotBeNull();
        targets.UrlProblem(new Uri("http://localhost:7072/hook")).ShouldBeNull();
        targets.UrlProblem(new Uri("http://localhost:7071/api/admin")).ShouldNotBeNull();
        targets.UrlProblem(new Uri("http://[::1]:6000/")).ShouldBeNull();
        targets.UrlProblem(new Uri("http://169.254.169.254/")).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.0/33")]
    [InlineData("::1:8080")]
    [InlineData("host:port")]
    [InlineData("http://127.0.0.1:8080")]
    public void WebhookTargets_AllowlistProblem_NamesEntriesThatAreNeitherHostPortNorCidr(string entry)
    {
        WebhookTargets.AllowlistProblem($"127.0.0.1:80;{entry}").ShouldNotBeNull().ShouldContain($"'{entry}'");
        WebhookTargets.AllowlistProblem("127.0.0.1:80; 10.0.0.0/8,[::1]:8080 fd00::/8").ShouldBeNull();
    }

    [Fact]
    public void WebhookTargets_AddressProblem_LooksThroughIpv4MappedForms()
    {
        WebhookTargets.AddressProblem(IPAddress.Parse("::ffff:10.1.2.3")).ShouldNotBeNull().ShouldContain("private");
        WebhookTargets.AddressProblem(IPAddress.Parse("::ffff:8.8.8.8")).ShouldBeNull();
        WebhookTargets.AddressProblem(IPAddress.Parse("64:ff9b::808:808")).ShouldBeNull();
    }

    [Fact]
    public void CsvImporter_ParseOfficers_RefusesMetadataWebhookWithFileLineAndColumn()
    {
        var text = "id,name,district,latitude,longitude,channel,address,max_visits_per_day\n"
            + "OF-1,Zhang,Chaoyang,39.9,116.4,webhook,https://hooks.example.com/of-1,3\n"
            + "OF-2,Li,Chaoyang,39.9,116.4,webhook,http://169.254.169.254/metadata/identity/oauth2/token,3\n"
            + "OF-3,Wang,Chaoyang,39.9,116.4,webhook,http://2130706433:7071/api/admin/poison,3\n";

        var ex = Should.Throw<ImportException>(() => CsvImporter.ParseOfficers("officers.csv", text));

        ex.Message.ShouldContain("officers.csv: line 3, column 'address': 'http://169.254.169.254/***' is not an allowed webhook target: 169.254.169.254 is a link-local or cloud metadata address");
        ex.Message.ShouldContain("officers.csv: line 4, column 'address': 'http://127.0.0.1:7071/***' is not an allowed webhook target: 127.0.0.1 is a loopback address");
        ex.Message.ShouldNotContain("line 2");
    }

    [Fact]
    public void CsvImporter_ParseRecipients_AllowlistedLoopbackSinkImports()
    {
        var text = "id,site_id,name,role,channel,address,language,quiet_start,quiet_end\nR1,S1,Li,worker,webhook,http://127.0.0.1:5000/hook,zh,,\n";

        Should.Throw<ImportException>(() => CsvImporter.ParseRecipients("recipients.csv", text, new HashSet<string> { "S1" }))
            .Message.ShouldContain("line 2, column 'address'");
        CsvImporter.ParseRecipients("recipients.csv", text, new HashSet<string> { "S1" }, new WebhookTargets("127.0.0.1:5000", []))
            .ShouldHaveSingleItem().Address.ShouldBe("http://127.0.0.1:5000/hook");
    }
}
