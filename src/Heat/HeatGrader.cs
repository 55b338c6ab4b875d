using System.Globalization;
using HeatRelief.Weather;
using Microsoft.Extensions.Options;

namespace HeatRelief.Heat;

/// <summary>Grades a forecast per local day: CMA signal, NWS heat index band, level, hottest window and advice.</summary>
public sealed class HeatGrader(IOptions<HeatRulesOptions> options)
{
    private readonly HeatRulesOptions _rules = options.Value;

    /// <summary>Grades every day of the forecast that has a daily maximum.</summary>
    public IReadOnlyList<HeatGrade> GradeDays(LocationForecast forecast)
    {
        var hoursByDay = forecast.Hourly
            .GroupBy(h => DateOnly.FromDateTime(h.LocalTime))
            .ToDictionary(g => g.Key, g => g.OrderBy(h => h.LocalTime).ToList());

        return [.. forecast.Days.Select(day => Grade(day, forecast.DailyMaxC, hoursByDay.GetValueOrDefault(day) ?? []))];
    }

    /// <summary>Grades one day given the daily maxima (for the yellow run) and that day's hours.</summary>
    public HeatGrade Grade(DateOnly day, IReadOnlyDictionary<DateOnly, double> dailyMaxC, IReadOnlyList<HourlyReading> hours)
    {
        var maxT = dailyMaxC[day];
        var (signal, signalKnown, signalRule) = Signal(day, maxT, dailyMaxC);

        var maxHeatIndex = hours.Count == 0 ? double.NaN : hours.Max(h => HeatIndex.Celsius(h.TemperatureC, h.RelativeHumidity));
        var band = double.IsNaN(maxHeatIndex) ? HeatIndexBand.Lower : Band(maxHeatIndex);
        var bandLevel = band switch
        {
            HeatIndexBand.Extreme => HeatLevel.Red,
            HeatIndexBand.High => HeatLevel.Orange,
            _ => HeatLevel.None,
        };

        var level = (HeatLevel)Math.Max((int)signal, (int)bandLevel);
        var (window, fallback, missing) = WindowOf(hours);
        var advice = maxT >= _rules.StopOutdoorWorkC ? WorkAdvice.StopOutdoorWork
            : maxT >= _rules.LimitOutdoorHoursC ? WorkAdvice.LimitOutdoorHours
            : maxT >= _rules.RotateShiftsC ? WorkAdvice.RotateShifts
            : WorkAdvice.None;

        // A day without all 24 hours may hide its hottest hour, and an unconfirmed yellow run may still
        // become one: such a grade can raise an alert but is never taken as proof that the heat is over.
        var complete = signalKnown && hours.Count >= 24;
        var windowRule = fallback is null ? string.Empty
            : $"; hottest window unknown ({(missing.Count == 0 ? "too few hours" : "no data for " + string.Join(", ", missing.Select(m => $"{m.StartText}-{m.EndText}")))}), no outdoor work {fallback.StartText}-{fallback.EndText}";
        var rule = string.Create(CultureInfo.InvariantCulture,
            $"{signalRule}; heat index max {Round1(maxHeatIndex)} C is {band.ToWire()}{(bandLevel > HeatLevel.None ? $" (raises to {bandLevel.ToWire()})" : string.Empty)}; level {level.ToWire()}{windowRule}{(complete ? string.Empty : " (incomplete data)")}");

        return new HeatGrade(day, level, signal, maxT, Round1(maxHeatIndex), band, window, advice,
            advice == WorkAdvice.LimitOutdoorHours ? _rules.MaxOutdoorHoursWhenLimited : advice == WorkAdvice.StopOutdoorWork ? 0 : 24,
            complete, rule)
        {
            FallbackWindow = fallback,
        };
    }

    /// <summary>
    /// The hottest window, or, when any daytime hour is missing (the hottest hours could be in the gap),
    /// no window and the hours kept free in its place: the standard midday hours widened to cover the
    /// missing daytime hours and the hottest run of the hours there are.
    /// </summary>
    private (HottestWindow? Window, HourSpan? Fallback, IReadOnlyList<HourSpan> Missing) WindowOf(IReadOnlyList<HourlyReading> hours)
    {
        var computed = HottestWindowOf(hours);
        var present = hours.Select(h => h.LocalTime.Hour).ToHashSet();
        var missing = Runs(Enumerable.Range(_rules.DaytimeStartHour, _rules.DaytimeEndHour - _rules.DaytimeStartHour).Where(h => !present.Contains(h)));
        if (missing.Count == 0 && computed is not null)
        {
            return (computed, null, missing);
        }

        var start = Math.Min(_rules.MiddayStartHour, missing.Count == 0 ? 24 : missing[0].StartHour);
        var end = Math.Max(_rules.MiddayEndHour, missing.Count == 0 ? 0 : missing[^1].EndHour);
        if (computed is not null)
        {
            start = Math.Min(start, computed.Start.Hour);
            end = Math.Max(end, Math.Min(24, computed.Start.Hour + computed.Hours));
        }

        return (null, new HourSpan(start, end), missing);
    }

    private static List<HourSpan> Runs(IEnumerable<int> sortedHours)
    {
        var runs = new List<HourSpan>();
        foreach (var hour in sortedHours)
        {
            if (runs.Count > 0 && runs[^1].EndHour == hour)
            {
                runs[^1] = runs[^1] with { EndHour = hour + 1 };
            }
            else
            {
                runs.Add(new HourSpan(hour, hour + 1));
            }
        }

        return runs;
    }

    /// <summary>The OSHA-NIOSH band of a heat index in Celsius.</summary>
    public HeatIndexBand Band(double heatIndexC) =>
        heatIndexC < _rules.HeatIndexModerateC ? HeatIndexBand.Lower
        : heatIndexC < _rules.HeatIndexHighC ? HeatIndexBand.Moderate
        : heatIndexC <= _rules.HeatIndexExtremeAboveC ? HeatIndexBand.High
        : HeatIndexBand.Extreme;

    private (HeatLevel Signal, bool Known, string Rule) Signal(DateOnly day, double maxT, IReadOnlyDictionary<DateOnly, double> dailyMaxC)
    {
        var max = maxT.ToString("0.0", CultureInfo.InvariantCulture);
        var red = _rules.RedSignalC.ToString("0.0", CultureInfo.InvariantCulture);
        var orange = _rules.OrangeSignalC.ToString("0.0", CultureInfo.InvariantCulture);
        var yellow = _rules.YellowSignalC.ToString("0.0", CultureInfo.InvariantCulture);
        var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (maxT >= _rules.RedSignalC)
        {
            return (HeatLevel.Red, true, $"signal red: max {max} C >= {red}");
        }

        if (maxT >= _rules.OrangeSignalC)
        {
            return (HeatLevel.Orange, true, $"signal orange: max {max} C >= {orange}");
        }

        if (maxT < _rules.YellowSignalC)
        {
            return (HeatLevel.None, true, $"no signal: max {max} C < {yellow}");
        }

        for (var i = 1; i < _rules.YellowConsecutiveDays; i++)
        {
            if (!dailyMaxC.TryGetValue(day.AddDays(i), out var next))
            {
                return (HeatLevel.None, false, $"no signal yet: max {max} C >= {yellow} but day +{i} is not in the forecast");
            }

            if (next < _rules.YellowSignalC)
            {
                return (HeatLevel.None, true, $"no signal: max {max} C but day +{i} only {next.ToString("0.0", CultureInfo.InvariantCulture)} C");
            }
        }

        return (HeatLevel.Yellow, true, $"signal yellow: max >= {yellow} C for {_rules.YellowConsecutiveDays} days from {dayText}");
    }

    private HottestWindow? HottestWindowOf(IReadOnlyList<HourlyReading> hours)
    {
        var n = _rules.HottestWindowHours;
        HottestWindow? best = null;
        var bestMean = double.MinValue;
        for (var i = 0; i + n <= hours.Count; i++)
        {
            // Only runs of consecutive hours count: a gap in the data must not join two afternoons.
            if (hours[i + n - 1].LocalTime - hours[i].LocalTime != TimeSpan.FromHours(n - 1))
            {
                continue;
            }

            var mean = 0.0;
            for (var j = i; j < i + n; j++)
            {
                mean += hours[j].TemperatureC;
            }

            mean /= n;
            if (best is null || mean > bestMean + 1e-9)
            {
                bestMean = mean;
                best = new HottestWindow(TimeOnly.FromDateTime(hours[i].LocalTime), n, Math.Round(mean, 2));
            }
        }

        return best;
    }

    private static double Round1(double value) => double.IsNaN(value) ? double.NaN : Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
