using ArticleReader.Web.Content;

namespace ArticleReader.Tests.Content;

public sealed class RelativeTimeTests
{
    private static readonly DateTimeOffset Moment = new(2026, 11, 25, 16, 40, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(59, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(45 * 60, "45 minutes ago")]
    [InlineData(3600, "1 hour ago")]
    [InlineData(2 * 3600 + 59, "2 hours ago")]
    [InlineData(23 * 3600, "23 hours ago")]
    [InlineData(26 * 3600, "yesterday")]
    [InlineData(3 * 86400, "3 days ago")]
    [InlineData(6 * 86400, "6 days ago")]
    [InlineData(8 * 86400, "25 November 2026")]
    [InlineData(-600, "25 November 2026")]
    public void Describe_AtClockSetting_GivesLabel(int secondsLater, string expected) =>
        Assert.Equal(expected, RelativeTime.Describe(Moment, Moment.AddSeconds(secondsLater)));

    [Fact]
    public void AbsoluteWithTime_IsUtc() =>
        Assert.Equal("25 November 2026, 15:40 UTC", RelativeTime.AbsoluteWithTime(new DateTimeOffset(2026, 11, 25, 16, 40, 0, TimeSpan.FromHours(1))));
}
