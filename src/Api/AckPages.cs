using System.Globalization;
using HeatRelief.Acks;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Visits;
using HeatRelief.Warnings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HeatRelief.Api;

/// <summary>
/// The acknowledgement form behind a site manager's link, every text in Chinese and English: opening it (GET)
/// changes nothing; sending it (POST) records the site's measures once per link (<see cref="AckAnswers"/>). A
/// tampered, expired or used link, or a form that does not add up, changes nothing and says why.
/// </summary>
public sealed class AckPages(AckLinks links, AckAnswers answers, SiteDirectory directory, LocalTimeText localTime, IOptions<HeatRulesOptions> rules)
{
    public const int MaxOutdoorWorkers = 100_000;

    private static readonly Bilingual NothingChanged = new("未作任何更改。", "Nothing was changed.");

    public async Task<IResult> ShowAsync(string token, CancellationToken ct)
    {
        var (link, refusal) = links.Verify(token);
        if (refusal is not null)
        {
            return Refused(refusal);
        }

        if (await answers.FindAsync(link!, ct) is not { } stored)
        {
            return NotAsked();
        }

        if (await answers.IsUsedAsync(link!, ct))
        {
            return Refused(new LinkRefusal(LinkRefusalReason.Used));
        }

        var ack = stored.Value;
        var site = await directory.GetSiteAsync(ack.SiteId, ct);
        var lines = new List<Bilingual> { Situation(ack, site) };
        if (ack.Latest is { } latest)
        {
            lines.Add(new($"本单位已于{localTime.DateTime(latest.At, "zh")}确认过措施；再次提交将作为更新记录。",
                $"Your site confirmed its measures at {localTime.DateTime(latest.At, "en")}; sending this form records an update."));
        }

        lines.Add(new($"此链接有效期至{localTime.DateTime(link!.Expires, "zh")}。", $"This link is valid until {localTime.DateTime(link.Expires, "en")}."));
        var form = new System.Text.StringBuilder("<form method=\"post\"><fieldset><legend>")
            .Append(BilingualPage.Label(new("已采取的措施（可多选）", "Measures taken (tick all that apply)"))).Append("</legend>");
        foreach (var measure in AckMeasureWire.All)
        {
            form.Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"measure\" value=\"{measure.ToWire()}\"> ")
                .Append(BilingualPage.Label(new(measure.Label("zh"), measure.Label("en")))).Append("</label>");
        }

        form.Append("<label>").Append(BilingualPage.Label(new("其他措施（选“其他措施”时必填）", "Other measures (required with \"Other measures\")")))
            .Append(CultureInfo.InvariantCulture, $"<br><textarea name=\"other\" maxlength=\"{AckAnswer.MaxOtherLength}\"></textarea></label></fieldset>")
            .Append("<label>").Append(BilingualPage.Label(new("目前在露天作业的人数", "Workers outdoors now")))
            .Append(CultureInfo.InvariantCulture, $"<br><input name=\"outdoorWorkersNow\" type=\"number\" min=\"0\" max=\"{MaxOutdoorWorkers}\" step=\"1\" required placeholder=\"0\"></label>")
            .Append("<button type=\"submit\">").Append(BilingualPage.Label(new("提交确认", "Send confirmation"))).Append("</button></form>");
        return BilingualPage.Show(StatusCodes.Status200OK, new("确认防暑降温措施", "Confirm your heat measures"), lines, form.ToString());
    }

    public async Task<IResult> AnswerAsync(HttpRequest request, string token, CancellationToken ct)
    {
        var (link, refusal) = links.Verify(token);
        if (refusal is not null)
        {
            return Refused(refusal);
        }

        var (form, unreadable) = await RequestBodies.ReadFormAsync(request, ct);
        if (unreadable is not null)
        {
            return BilingualPage.Show(StatusCodes.Status400BadRequest, new("表单无法读取", "The form could not be read"),
                [new($"表单无法读取（{unreadable}）。请重新打开链接再提交。", $"The form could not be read ({unreadable}). Open the link again and send it from there."), NothingChanged]);
        }

        if (Problem(form, out var measures, out var other, out var outdoors) is { } problem)
        {
            return BilingualPage.Show(StatusCodes.Status400BadRequest, new("请检查填写的内容", "Please check what you entered"), [problem, NothingChanged]);
        }

        var (result, ack) = await answers.RecordAsync(link!, measures, other, outdoors, ct);
        return result switch
        {
            AckRecordResult.Used => Refused(new LinkRefusal(LinkRefusalReason.Used)),
            AckRecordResult.NotAsked => NotAsked(),
            _ => Recorded(result, ack!),
        };
    }

    /// <summary>The measures, other text and headcount of a form, or what is wrong with it.</summary>
    public static Bilingual? Problem(IFormCollection form, out IReadOnlyList<AckMeasure> measures, out string? other, out int outdoorWorkersNow)
    {
        var parsed = form["measure"].Select(v => AckMeasureWire.Parse(v)).ToList();
        measures = [.. parsed.OfType<AckMeasure>()];
        other = form["other"].ToString().Trim() is { Length: > 0 } text ? text : null;
        outdoorWorkersNow = 0;
        if (parsed.Count == 0 || parsed.Any(m => m is null))
        {
            return new("请至少勾选一项已采取的措施。", "Tick at least one measure your site has taken.");
        }

        if (measures.Contains(AckMeasure.Other) && other is null)
        {
            return new("选择“其他措施”时请写明具体措施。", "With \"Other measures\", say what they are.");
        }

        if (other is { Length: > AckAnswer.MaxOtherLength })
        {
            return new($"其他措施最多{AckAnswer.MaxOtherLength}个字。", $"Other measures: at most {AckAnswer.MaxOtherLength} characters.");
        }

        if (!int.TryParse(form["outdoorWorkersNow"].ToString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out outdoorWorkersNow) || outdoorWorkersNow > MaxOutdoorWorkers)
        {
            return new($"露天作业人数须为0至{MaxOutdoorWorkers}的整数。", $"Workers outdoors now must be a whole number from 0 to {MaxOutdoorWorkers}.");
        }

        return null;
    }

    private IResult Recorded(AckRecordResult result, AckCase ack)
    {
        var lines = new List<Bilingual>
        {
            result == AckRecordResult.First
                ? new("已收到贵单位的确认，谢谢！", "Your site's confirmation is recorded. Thank you!")
                : new("已收到，作为今日确认的更新记录。", "Recorded as an update of today's confirmation."),
        };
        if (ack.Latest?.BreaksRule(ack.Level) == true)
        {
            lines.Add(new($"注意：高温红色预警下当日应停止露天作业。贵单位回复仍有{ack.Latest.OutdoorWorkersNow}人露天作业或未停止露天作业，工会已通知慰问干部。",
                $"Note: under a red heat alert there must be no outdoor work today. Your answer says outdoor work continues ({ack.Latest.OutdoorWorkersNow} outdoors); the union's officer has been told."));
        }

        return BilingualPage.Show(StatusCodes.Status200OK, new("已确认", "Confirmed"), lines);
    }

    private Bilingual Situation(AckCase ack, Site? site)
    {
        var name = site?.Name ?? ack.SiteId;
        var hours = rules.Value.MaxOutdoorHoursWhenLimited;
        return new($"{name}，{ack.DateKey}：高温{WarningAdvice.Colour(ack.Level, true)}预警。{AckText.Rule(ack.Level, true, hours)}。请确认贵单位已落实的措施。",
            $"{name}, {ack.DateKey}: {WarningAdvice.Colour(ack.Level, false)} heat alert. The rule: {AckText.Rule(ack.Level, false, hours)}. Confirm the measures your site has taken.");
    }

    private IResult Refused(LinkRefusal refusal) => refusal.Reason switch
    {
        LinkRefusalReason.Expired => BilingualPage.Show(StatusCodes.Status410Gone, new("链接已过期", "This link has expired"),
            [new($"此链接有效期至{localTime.DateTime(refusal.ValidUntil!.Value, "zh")}，当日的确认已结束。", $"The link was valid until {localTime.DateTime(refusal.ValidUntil!.Value, "en")}; that day's confirmation is over."), NothingChanged]),
        LinkRefusalReason.Used => BilingualPage.Show(StatusCodes.Status409Conflict, new("此链接已使用", "This link was already used"),
            [new("您已通过此链接提交过确认。如情况有变，请联系工会办公室。", "You already sent a confirmation with this link. If things have changed, tell the campaign office."), NothingChanged]),
        _ => BilingualPage.Show(StatusCodes.Status400BadRequest, new("链接无效", "This link is not valid"),
            [new("链接不完整或已被改动。请使用通知中的原始链接。", "The link is incomplete or was changed. Use the link exactly as it came in the message."), NothingChanged]),
    };

    private static IResult NotAsked() => BilingualPage.Show(StatusCodes.Status404NotFound, new("当日未要求确认", "No confirmation was asked for that day"),
        [new("该工地当日没有需要确认的高温预警。", "There is no heat alert to confirm for that site and day."), NothingChanged]);
}
