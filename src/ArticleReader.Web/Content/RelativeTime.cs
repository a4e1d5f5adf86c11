using System.Globalization;

namespace ArticleReader.Web.Content;

/// <summary>Short relative labels for times ("2 hours ago"), with the absolute date as a fallback.</summary>
public static class RelativeTime
{
    /// <summary>Describes <paramref name="moment"/> as seen at <paramref name="now"/>.</summary>
    public static string Describe(DateTimeOffset moment, DateTimeOffset now)
    {
        var elapsed = now - moment;
        if (elapsed < TimeSpan.Zero)
        {
            return Absolute(moment);
        }

        if (elapsed < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        if (elapsed < TimeSpan.FromHours(1))
        {
            return Plural((int)elapsed.TotalMinutes, "minute");
        }

        if (elapsed < TimeSpan.FromDays(1))
        {
            return Plural((int)elapsed.TotalHours, "hour");
        }

        var days = (now.UtcDateTime.Date - moment.UtcDateTime.Date).Days;
        if (days <= 1)
        {
            return "yesterday";
        }

        return days < 7 ? $"{days} days ago" : Absolute(moment);
    }

    /// <summary>The absolute date and time, e.g. "25 November 2026, 16:40 UTC".</summary>
    public static string AbsoluteWithTime(DateTimeOffset moment) =>
        moment.ToUniversalTime().ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Absolute(DateTimeOffset moment) =>
        moment.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit} ago" : $"{count} {unit}s ago";
}
