using HeatRelief.Heat;

namespace HeatRelief.Acks;

/// <summary>
/// One site's acknowledgement for one heat day: asked when its alert raised the level to orange or red, answered
/// by one of its managers (the first answer counts, later ones are kept as updates), and followed up while
/// nobody answers: a reminder, then the visit first and its officer told, then the admins (<see cref="AckStep"/>).
/// </summary>
public sealed record AckCase(
    string SiteId,
    DateOnly Date,
    string AlertId,
    HeatLevel Level,
    int UtcOffsetSeconds,
    TimeOnly? HottestStart,
    DateTimeOffset RequestedAt,
    bool Closed = false,
    AckAnswer? Answer = null)
{
    /// <summary>Later answers of the day (newest last), kept as updates; the first answer is <see cref="Answer"/>.</summary>
    public IReadOnlyList<AckAnswer> Updates { get; init; } = [];

    public DateTimeOffset? RemindedAt { get; init; }

    public DateTimeOffset? EscalatedAt { get; init; }

    public DateTimeOffset? AdminsToldAt { get; init; }

    /// <summary>A step someone is carrying out, and until when the claim holds (a crashed claimant's step is taken over after it).</summary>
    public (AckStep Step, DateTimeOffset Until)? Claim { get; init; }

    public string DateKey => Alerts.Alert.DateKeyOf(Date);

    public TimeSpan Offset => TimeSpan.FromSeconds(UtcOffsetSeconds);

    /// <summary>The end of the heat day at the site: links expire then and nothing is followed up after it.</summary>
    public DateTimeOffset DayEnds => new(Date.AddDays(1).ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>The ask of an alert that raised the level to orange or red.</summary>
    public static AckCase Open(Alerts.Alert alert) =>
        new(alert.SiteId, alert.Date, alert.Id, alert.Level, alert.UtcOffsetSeconds, alert.Grade.HottestWindow?.Start, alert.CreatedAt);

    /// <summary>
    /// A later alert of the day: a higher level asks again under the higher level (an answer given stays given,
    /// steps taken stay taken); an all-clear closes the case; a level raised after an all-clear reopens it.
    /// </summary>
    public AckCase Follow(Alerts.Alert alert) => alert.Kind switch
    {
        Alerts.AlertKind.Cleared => this with { Closed = true },
        _ when Closed || alert.Level > Level => this with
        {
            AlertId = alert.Id,
            Level = alert.Level,
            HottestStart = alert.Grade.HottestWindow?.Start ?? HottestStart,
            Closed = false,
        },
        _ => this,
    };

    /// <summary>Records an answer: the first is the answer, every later one an update.</summary>
    public AckCase Answered(AckAnswer answer) =>
        Answer is null ? this with { Answer = answer } : this with { Updates = [.. Updates.TakeLast(19), answer] };

    /// <summary>The answer that stands now: the latest update, or the first answer.</summary>
    public AckAnswer? Latest => Updates.Count > 0 ? Updates[^1] : Answer;

    /// <summary>When the admins are told of silence: the start of the day's hottest window at the site, or the configured hour.</summary>
    public DateTimeOffset HottestStartsAt(AckOptions options) =>
        new(Date.ToDateTime(HottestStart ?? new TimeOnly(options.DefaultHottestHour, 0)), Offset);

    /// <summary>
    /// When silence starts to count: the ask, or the start of the working day at the site when the ask came before it
    /// (an alert for tomorrow, sent the evening before).
    /// </summary>
    public DateTimeOffset CountsFrom(AckOptions options)
    {
        var workday = new DateTimeOffset(Date.ToDateTime(new TimeOnly(options.WorkdayStartHour, 0)), Offset);
        return RequestedAt > workday ? RequestedAt : workday;
    }

    /// <summary>
    /// The steps due now, in order, that nobody has taken or is taking. Silence (from <see cref="CountsFrom"/>): a reminder after
    /// <see cref="AckOptions.DueMinutes"/>, the visit first after <see cref="AckOptions.EscalateMinutes"/>, the admins
    /// once the hottest window starts (after the reminder). An answer at red that says work continues: the visit and the
    /// admins at once. A closed case or a day that has ended: nothing.
    /// </summary>
    public IReadOnlyList<AckStep> DueSteps(DateTimeOffset now, AckOptions options)
    {
        if (Closed || now >= DayEnds || Claim is { } claim && claim.Until > now)
        {
            return [];
        }

        var due = new List<AckStep>();
        if (Latest is { } answer)
        {
            if (answer.BreaksRule(Level))
            {
                AddIf(due, AckStep.Escalate, EscalatedAt is null);
                AddIf(due, AckStep.TellAdmins, AdminsToldAt is null);
            }

            return due;
        }

        var from = CountsFrom(options);
        AddIf(due, AckStep.Remind, RemindedAt is null && now >= from.AddMinutes(options.DueMinutes));
        AddIf(due, AckStep.Escalate, EscalatedAt is null && now >= from.AddMinutes(options.EscalateMinutes));
        AddIf(due, AckStep.TellAdmins, AdminsToldAt is null && (RemindedAt is not null || due.Contains(AckStep.Remind)) && now >= HottestStartsAt(options));
        return due;
    }

    /// <summary>Takes a step until <paramref name="until"/>, so a second timer or host leaves it alone.</summary>
    public AckCase Claimed(AckStep step, DateTimeOffset until) => this with { Claim = (step, until) };

    /// <summary>A step carried out: recorded, and its claim released.</summary>
    public AckCase Done(AckStep step, DateTimeOffset at) => step switch
    {
        AckStep.Remind => this with { RemindedAt = RemindedAt ?? at, Claim = null },
        AckStep.Escalate => this with { EscalatedAt = EscalatedAt ?? at, Claim = null },
        _ => this with { AdminsToldAt = AdminsToldAt ?? at, Claim = null },
    };

    /// <summary>A step that failed: its claim released so the next run tries again.</summary>
    public AckCase Released() => this with { Claim = null };

    private static void AddIf(List<AckStep> steps, AckStep step, bool condition)
    {
        if (condition)
        {
            steps.Add(step);
        }
    }
}
